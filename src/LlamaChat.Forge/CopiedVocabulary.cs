using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>
/// A vocabulary copied from an existing GGUF file (usually a vocabulary-only file such as
/// <c>ggml-vocab-qwen2.gguf</c>): every <c>tokenizer.*</c> key is copied unchanged — tokens, scores, token
/// types, merges, special token ids, pre-tokenizer and flags — so the forged model tokenizes exactly like
/// the original. LlamaChat cannot tokenize text with it; get token ids from the real model, or look up
/// special tokens with <see cref="ForgeVocabulary.FindToken(string)"/>.
/// </summary>
public sealed class CopiedVocabulary : ForgeVocabulary
{
    private readonly List<KeyValuePair<string, GgufValue>> _metadata;
    private readonly IReadOnlyList<string> _tokens;
    private readonly IReadOnlyList<int>? _types;

    private CopiedVocabulary(string sourcePath, GgufMetadata metadata)
    {
        SourcePath = sourcePath;
        _metadata = metadata.Where(e => e.Key.StartsWith("tokenizer.", StringComparison.Ordinal) && e.Key != "tokenizer.chat_template").ToList();
        _tokens = metadata.TryGetStringArray("tokenizer.ggml.tokens", out var tokens)
            ? tokens
            : throw new ArgumentException($"'{sourcePath}' has no tokenizer.ggml.tokens array, so it has no vocabulary to copy.", nameof(sourcePath));
        _types = metadata.TryGetArray<int>("tokenizer.ggml.token_type", out var types) ? types : null;
        ChatTemplate = metadata.TryGetString("tokenizer.chat_template", out var template) ? template : null;
        BosTokenId = SpecialId(metadata, "bos");
        EosTokenId = SpecialId(metadata, "eos");
        EotTokenId = SpecialId(metadata, "eot");
        TokenizerModel = metadata.TryGetString("tokenizer.ggml.model", out var model) ? model : null;
    }

    /// <summary>The file the vocabulary was copied from.</summary>
    public string SourcePath { get; }

    /// <summary>The tokenizer model of the source (<c>gpt2</c>, <c>llama</c>...), or <c>null</c>.</summary>
    public string? TokenizerModel { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> TokenTexts => _tokens;

    /// <inheritdoc />
    public override int? BosTokenId { get; }

    /// <inheritdoc />
    public override int? EosTokenId { get; }

    /// <inheritdoc />
    public override int? EotTokenId { get; }

    /// <inheritdoc />
    public override string? ChatTemplate { get; }

    /// <summary>Reads the vocabulary of the GGUF file at <paramref name="path"/>.</summary>
    /// <exception cref="ModelFileException">The file cannot be opened.</exception>
    /// <exception cref="GgufFormatException">The file is not valid GGUF.</exception>
    /// <exception cref="ArgumentException">The file has no vocabulary.</exception>
    public static async Task<CopiedVocabulary> FromGgufAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = await GgufFileInfo.ReadAsync(path, new GgufReadOptions { ReadTensorInfo = false }, cancellationToken).ConfigureAwait(false);
        return new CopiedVocabulary(path, info.Metadata);
    }

    /// <inheritdoc />
    public override GgufTokenType GetTokenType(int tokenId)
    {
        if (!Contains(tokenId)) throw new ArgumentOutOfRangeException(nameof(tokenId), tokenId, $"The vocabulary has {Count} tokens.");
        return _types is null ? GgufTokenType.Normal : (GgufTokenType)_types[tokenId];
    }

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, GgufValue>> GetTokenizerMetadata() => _metadata;

    private static int? SpecialId(GgufMetadata metadata, string name) =>
        metadata.TryGetInt32($"tokenizer.ggml.{name}_token_id", out var id) ? id : null;
}
