using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>
/// The tokenizer of a forged model: the token texts, types and special token ids that end up in the
/// <c>tokenizer.*</c> metadata of the GGUF file llama.cpp loads.
/// </summary>
/// <remarks>
/// Two kinds exist: <see cref="CopiedVocabulary"/>, taken from a real vocabulary GGUF (Llama 3, Qwen 2...),
/// and <see cref="ByteBpeVocabulary"/>, a small GPT-2-style vocabulary LlamaChat defines itself and can
/// tokenize with.
/// </remarks>
public abstract class ForgeVocabulary
{
    private Dictionary<string, int>? _idsByText;

    /// <summary>The token texts, indexed by token id.</summary>
    public abstract IReadOnlyList<string> TokenTexts { get; }

    /// <summary>The number of tokens.</summary>
    public int Count => TokenTexts.Count;

    /// <summary>The beginning-of-sequence token id, or <c>null</c>.</summary>
    public abstract int? BosTokenId { get; }

    /// <summary>The end-of-sequence token id, or <c>null</c>.</summary>
    public abstract int? EosTokenId { get; }

    /// <summary>The end-of-turn token id, or <c>null</c>.</summary>
    public abstract int? EotTokenId { get; }

    /// <summary>The chat template that came with the vocabulary (<c>tokenizer.chat_template</c>), or <c>null</c>.</summary>
    public abstract string? ChatTemplate { get; }

    /// <summary>The type of token <paramref name="tokenId"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not a token of this vocabulary.</exception>
    public abstract GgufTokenType GetTokenType(int tokenId);

    /// <summary>
    /// The tokenizer metadata to write: every <c>tokenizer.*</c> key except <c>tokenizer.chat_template</c>,
    /// which the model builder writes.
    /// </summary>
    public abstract IEnumerable<KeyValuePair<string, GgufValue>> GetTokenizerMetadata();

    /// <summary>The id of the token whose text is exactly <paramref name="tokenText"/> (e.g. <c>&lt;|im_end|&gt;</c>), or <c>null</c>.</summary>
    public int? FindToken(string tokenText)
    {
        ArgumentNullException.ThrowIfNull(tokenText);
        _idsByText ??= BuildIndex();
        return _idsByText.TryGetValue(tokenText, out var id) ? id : null;
    }

    /// <summary>The id of the token whose text is exactly <paramref name="tokenText"/>.</summary>
    /// <exception cref="ArgumentException">No token has that text.</exception>
    public int GetTokenId(string tokenText) =>
        FindToken(tokenText) ?? throw new ArgumentException($"The vocabulary has no token whose text is '{tokenText}'.", nameof(tokenText));

    /// <summary>Whether <paramref name="tokenId"/> is a token of this vocabulary.</summary>
    public bool Contains(int tokenId) => tokenId >= 0 && tokenId < Count;

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (int i = 0; i < TokenTexts.Count; i++) index.TryAdd(TokenTexts[i], i);
        return index;
    }
}
