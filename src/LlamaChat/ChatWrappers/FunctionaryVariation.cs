namespace LlamaChat.ChatWrappers;

/// <summary>Which Functionary generation <see cref="FunctionaryChatWrapper"/> renders.</summary>
public enum FunctionaryVariation
{
    /// <summary>v3 (Llama 3 based): <c>&gt;&gt;&gt;recipient\ncontent</c> inside assistant turns.</summary>
    V3,
    /// <summary>v2.llama3: <c>&lt;|reserved_special_token_249|&gt;NAME\n{json}</c> calls inside Llama 3 turns.</summary>
    V2Llama3,
    /// <summary>v2: <c>&lt;|from|&gt;…\n&lt;|recipient|&gt;…\n&lt;|content|&gt;…</c> messages.</summary>
    V2,
}
