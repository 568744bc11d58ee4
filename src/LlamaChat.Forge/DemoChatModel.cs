namespace LlamaChat.Forge;

/// <summary>
/// A tiny scripted chat model with LlamaChat's own vocabulary and a ChatML template: whatever the user says,
/// greedy decoding answers <see cref="Reply"/> and then <c>&lt;|im_end|&gt;</c>. Used by the CLI when no model is
/// given, and by tests that need a chat model without any downloaded file.
/// </summary>
public static class DemoChatModel
{
    /// <summary>The reply the model gives to any ChatML prompt ending in <c>&lt;|im_start|&gt;assistant\n</c>.</summary>
    public const string Reply = "Hello! I am LlamaChat's tiny demo model.";

    /// <summary>A plain ChatML template (the format of Qwen and many others).</summary>
    public const string ChatMlTemplate =
        "{%- for message in messages %}" +
        "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
        "{%- endfor %}" +
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

    /// <summary>The demo vocabulary: default special tokens, the ChatML role names and every word of the reply as single tokens.</summary>
    public static ByteBpeVocabulary CreateVocabulary() =>
        new ByteBpeVocabularyBuilder()
            .AddWords("system", "user", "assistant", "You", "Hi", "Hello")
            .AddText(" you are a helpful assistant. hi hello how")
            .AddText(Reply)
            .Build();

    /// <summary>The script: newline → reply tokens → <c>&lt;|im_end|&gt;</c>; everything else → <c>&lt;|im_end|&gt;</c>.</summary>
    public static TokenScript CreateScript(ByteBpeVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        int imEnd = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd);
        var script = new TokenScript { EndTokenId = imEnd };
        script.AddChain([vocabulary.GetSingleTokenId("\n"), .. vocabulary.Tokenize(Reply), imEnd]);
        return script;
    }

    /// <summary>A builder for the demo model.</summary>
    public static ForgedModelBuilder CreateBuilder()
    {
        var vocabulary = CreateVocabulary();
        return new ForgedModelBuilder(vocabulary)
        {
            Name = "LlamaChat demo chat model (forged)",
            ChatTemplate = ChatMlTemplate,
            ContextLength = 4096,
        }.WithScript(CreateScript(vocabulary));
    }

    /// <summary>The path of the demo model in <paramref name="cache"/> (the default cache when <c>null</c>), forged on first use.</summary>
    public static Task<string> GetOrCreateAsync(ForgeCache? cache = null, CancellationToken cancellationToken = default) =>
        (cache ?? ForgeCache.Default).GetOrCreateAsync("demo-chat", CreateBuilder(), cancellationToken);
}
