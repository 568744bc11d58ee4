using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// What <see cref="ChatWrapperResolver"/> needs to know about a model, taken from its GGUF metadata and file name.
/// Every field is optional; the more are set, the better the choice.
/// </summary>
public sealed record ChatModelInfo
{
    /// <summary>The Jinja chat template (<c>tokenizer.chat_template</c>).</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>The model's name (<c>general.name</c>).</summary>
    public string? ModelName { get; init; }

    /// <summary>Other names of the model's lineage (<c>general.basename</c>, <c>general.finetune</c>, base model names).</summary>
    public IReadOnlyList<string> LineageNames { get; init; } = [];

    /// <summary>The architecture (<c>general.architecture</c>), for example <c>llama</c> or <c>qwen3</c>.</summary>
    public string? Architecture { get; init; }

    /// <summary>The size label (<c>general.size_label</c>), for example <c>3B</c>.</summary>
    public string? SizeLabel { get; init; }

    /// <summary>The model file's name (without folders).</summary>
    public string? FileName { get; init; }

    /// <summary>The text of the BOS token.</summary>
    public string? BosText { get; init; }

    /// <summary>The text of the EOS token.</summary>
    public string? EosText { get; init; }

    /// <summary>The model's tokenizer, used to check that a format's special tokens exist as single tokens.</summary>
    public ILlamaTokenizer? Tokenizer { get; init; }

    /// <summary>Every name the model is known by, lower-cased.</summary>
    internal IEnumerable<string> AllNames =>
        new[] { ModelName }.Concat(LineageNames).Where(name => !string.IsNullOrWhiteSpace(name)).Select(name => name!.ToLowerInvariant());

    /// <summary>Whether <paramref name="text"/> is one special token of the model (true when there is no tokenizer to ask).</summary>
    internal bool IsSingleSpecialToken(string text)
    {
        if (Tokenizer is null)
            return true;

        var special = Tokenizer.Tokenize(text, specialTokens: true, trimLeadingSpace: true);
        var plain = Tokenizer.Tokenize(text, specialTokens: false, trimLeadingSpace: true);
        return special.Length == 1 && plain.Length > 1;
    }
}
