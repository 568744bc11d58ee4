using System.Text;
using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>
/// A small GPT-2-style byte-level BPE vocabulary that LlamaChat defines itself (built with
/// <see cref="ByteBpeVocabularyBuilder"/>): the 256 byte tokens (ids 0–255, in byte order), special tokens,
/// then the tokens made by merges. It tokenizes exactly as llama.cpp does with
/// <c>tokenizer.ggml.model = gpt2</c> and pre-tokenizer <c>gpt-2</c>, so the forge knows the token ids of any text.
/// </summary>
public sealed class ByteBpeVocabulary : ForgeVocabulary
{
    private readonly string[] _tokens;
    private readonly GgufTokenType[] _types;
    private readonly string[] _merges;
    private readonly Dictionary<string, int> _normalIds;
    private readonly BpeMerger _merger;
    private readonly (string Text, int Id)[] _specialsLongestFirst;

    internal ByteBpeVocabulary(string[] tokens, GgufTokenType[] types, string[] merges, int? bos, int? eos, int? eot, int? padding, bool addBos)
    {
        _tokens = tokens;
        _types = types;
        _merges = merges;
        BosTokenId = bos;
        EosTokenId = eos;
        EotTokenId = eot;
        PaddingTokenId = padding;
        AddBosToken = addBos;
        _normalIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Length; i++)
        {
            if (types[i] == GgufTokenType.Normal) _normalIds.TryAdd(tokens[i], i);
        }
        _merger = new BpeMerger(merges);
        _specialsLongestFirst = Enumerable.Range(0, tokens.Length)
            .Where(i => types[i] is GgufTokenType.Control or GgufTokenType.UserDefined)
            .Select(i => (tokens[i], i))
            .OrderByDescending(s => s.Item1.Length)
            .ToArray();
    }

    /// <summary>The pre-tokenizer name written to <c>tokenizer.ggml.pre</c>.</summary>
    public const string PreTokenizer = "gpt-2";

    /// <inheritdoc />
    public override IReadOnlyList<string> TokenTexts => _tokens;

    /// <summary>The merges in rank order, as written to <c>tokenizer.ggml.merges</c> (<c>"left right"</c> in byte-level text).</summary>
    public IReadOnlyList<string> Merges => _merges;

    /// <inheritdoc />
    public override int? BosTokenId { get; }

    /// <inheritdoc />
    public override int? EosTokenId { get; }

    /// <inheritdoc />
    public override int? EotTokenId { get; }

    /// <summary>The padding token id, or <c>null</c>.</summary>
    public int? PaddingTokenId { get; }

    /// <summary>Whether llama.cpp should prepend BOS when tokenizing (<c>tokenizer.ggml.add_bos_token</c>).</summary>
    public bool AddBosToken { get; }

    /// <summary>Always <c>null</c>: templates are given to the model builder.</summary>
    public override string? ChatTemplate => null;

    /// <inheritdoc />
    public override GgufTokenType GetTokenType(int tokenId) =>
        Contains(tokenId) ? _types[tokenId] : throw new ArgumentOutOfRangeException(nameof(tokenId), tokenId, $"The vocabulary has {Count} tokens.");

    /// <summary>
    /// The token ids llama.cpp produces for <paramref name="text"/>. Special tokens written in the text are
    /// recognised as llama.cpp does: USER_DEFINED ones always, CONTROL ones only when <paramref name="parseSpecial"/>.
    /// No BOS is added.
    /// </summary>
    public IReadOnlyList<int> Tokenize(string text, bool parseSpecial = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<int>();
        foreach (var (fragment, specialId) in SplitSpecials(text, parseSpecial))
        {
            if (specialId is int id)
            {
                result.Add(id);
                continue;
            }
            foreach (var piece in Gpt2PreTokenizer.Split(fragment))
            {
                foreach (var symbol in _merger.Merge(ByteLevelEncoding.Encode(piece)))
                {
                    if (_normalIds.TryGetValue(symbol, out int tokenId)) result.Add(tokenId);
                    else result.AddRange(ByteLevelEncoding.Decode(symbol)!.Select(b => (int)b));
                }
            }
        }
        return result;
    }

    /// <summary>The single token id of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text is not exactly one token.</exception>
    public int GetSingleTokenId(string text)
    {
        var ids = Tokenize(text);
        if (ids.Count != 1)
            throw new ArgumentException($"'{text}' is {ids.Count} tokens in this vocabulary, not one; add it with ByteBpeVocabularyBuilder.AddWord.", nameof(text));
        return ids[0];
    }

    /// <summary>The text of <paramref name="tokenIds"/>; special tokens are written as their text.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not a token of this vocabulary.</exception>
    public string Detokenize(IEnumerable<int> tokenIds)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        var bytes = new List<byte>();
        foreach (int id in tokenIds)
        {
            if (!Contains(id)) throw new ArgumentOutOfRangeException(nameof(tokenIds), id, $"The vocabulary has {Count} tokens.");
            bytes.AddRange(_types[id] == GgufTokenType.Normal ? ByteLevelEncoding.Decode(_tokens[id])! : Encoding.UTF8.GetBytes(_tokens[id]));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <inheritdoc />
    public override IEnumerable<KeyValuePair<string, GgufValue>> GetTokenizerMetadata()
    {
        yield return new("tokenizer.ggml.model", GgufValue.Of("gpt2"));
        yield return new("tokenizer.ggml.pre", GgufValue.Of(PreTokenizer));
        yield return new("tokenizer.ggml.tokens", GgufValue.Of(_tokens));
        yield return new("tokenizer.ggml.token_type", GgufValue.Of(_types.Select(t => (int)t)));
        yield return new("tokenizer.ggml.merges", GgufValue.Of(_merges));
        if (BosTokenId is int bos) yield return new("tokenizer.ggml.bos_token_id", GgufValue.Of((uint)bos));
        if (EosTokenId is int eos) yield return new("tokenizer.ggml.eos_token_id", GgufValue.Of((uint)eos));
        if (EotTokenId is int eot) yield return new("tokenizer.ggml.eot_token_id", GgufValue.Of((uint)eot));
        if (PaddingTokenId is int pad) yield return new("tokenizer.ggml.padding_token_id", GgufValue.Of((uint)pad));
        yield return new("tokenizer.ggml.add_bos_token", GgufValue.Of(AddBosToken));
        yield return new("tokenizer.ggml.add_eos_token", GgufValue.Of(false));
    }

    private IEnumerable<(string Fragment, int? SpecialId)> SplitSpecials(string text, bool parseSpecial)
    {
        int start = 0;
        int i = 0;
        while (i < text.Length)
        {
            var match = _specialsLongestFirst.FirstOrDefault(s =>
                (parseSpecial || _types[s.Id] == GgufTokenType.UserDefined) &&
                string.CompareOrdinal(text, i, s.Text, 0, s.Text.Length) == 0);
            if (match.Text is null)
            {
                i++;
                continue;
            }
            if (i > start) yield return (text[start..i], null);
            yield return (match.Text, match.Id);
            i += match.Text.Length;
            start = i;
        }
        if (start < text.Length) yield return (text[start..], null);
    }
}
