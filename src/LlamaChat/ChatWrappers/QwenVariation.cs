namespace LlamaChat.ChatWrappers;

/// <summary>Which Qwen generation's function-call syntax <see cref="QwenChatWrapper"/> uses.</summary>
public enum QwenVariation
{
    /// <summary>Qwen 2.5/3: <c>&lt;tool_call&gt;\n{"name": …, "arguments": …}\n&lt;/tool_call&gt;</c>.</summary>
    Qwen3,
    /// <summary>Qwen 3.5: <c>&lt;tool_call&gt;\n&lt;function=N&gt;\n&lt;parameter=params&gt;\n{json}\n&lt;/parameter&gt;\n&lt;/function&gt;\n&lt;/tool_call&gt;</c>.</summary>
    Qwen3_5,
}
