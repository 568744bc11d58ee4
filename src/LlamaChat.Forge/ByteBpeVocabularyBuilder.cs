using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>
/// Builds a <see cref="ByteBpeVocabulary"/>: the 256 byte tokens, special tokens (the
/// <see cref="ForgeSpecialTokens.Defaults"/> unless disabled, plus any added), and merges that make each
/// added word a single token.
/// </summary>
/// <example>
/// <code>
/// var vocab = new ByteBpeVocabularyBuilder().AddText("Hello world! assistant user").Build();
/// int hello = vocab.GetSingleTokenId("Hello");
/// </code>
/// </example>
public sealed class ByteBpeVocabularyBuilder
{
    private readonly List<(string Text, GgufTokenType Type)> _specials = [];
    private readonly List<string> _merges = [];
    private readonly List<string> _mergedTokens = [];
    private readonly HashSet<string> _tokenTexts = new(StringComparer.Ordinal);
    private readonly BpeMerger _merger = new([]);

    /// <summary>Creates a builder, with the default special tokens unless <paramref name="includeDefaultSpecialTokens"/> is <c>false</c>.</summary>
    public ByteBpeVocabularyBuilder(bool includeDefaultSpecialTokens = true)
    {
        for (int b = 0; b < 256; b++) _tokenTexts.Add(ByteLevelEncoding.Encode((byte)b).ToString());
        if (includeDefaultSpecialTokens)
        {
            foreach (var (text, type) in ForgeSpecialTokens.Defaults) AddSpecialToken(text, type);
        }
        else
        {
            BosToken = EosToken = EotToken = PaddingToken = null;
        }
    }

    /// <summary>The text of the BOS token (default <c>&lt;|endoftext|&gt;</c>), or <c>null</c> for none. Must be a special token.</summary>
    public string? BosToken { get; set; } = ForgeSpecialTokens.EndOfText;

    /// <summary>The text of the EOS token (default <c>&lt;|im_end|&gt;</c>), or <c>null</c>. Must be a special token.</summary>
    public string? EosToken { get; set; } = ForgeSpecialTokens.ImEnd;

    /// <summary>The text of the end-of-turn token (default <c>&lt;|im_end|&gt;</c>), or <c>null</c>. Must be a special token.</summary>
    public string? EotToken { get; set; } = ForgeSpecialTokens.ImEnd;

    /// <summary>The text of the padding token (default <c>&lt;|endoftext|&gt;</c>), or <c>null</c>. Must be a special token.</summary>
    public string? PaddingToken { get; set; } = ForgeSpecialTokens.EndOfText;

    /// <summary>Whether llama.cpp should prepend BOS when tokenizing (default <c>false</c>, as for ChatML models).</summary>
    public bool AddBosToken { get; set; }

    /// <summary>
    /// Adds a special token matched as a whole: <see cref="GgufTokenType.Control"/> (chat markers, parsed only
    /// when special tokens are enabled) or <see cref="GgufTokenType.UserDefined"/> (tags matched in any text).
    /// Special tokens get ids right after the byte tokens, in the order added.
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty or already a token, or the type is neither CONTROL nor USER_DEFINED.</exception>
    public ByteBpeVocabularyBuilder AddSpecialToken(string text, GgufTokenType type = GgufTokenType.Control)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (type is not (GgufTokenType.Control or GgufTokenType.UserDefined))
            throw new ArgumentException($"Special token '{text}' must be CONTROL or USER_DEFINED, not {type}.", nameof(type));
        if (_specials.Any(s => s.Text == text))
            throw new ArgumentException($"'{text}' is already a special token.", nameof(text));
        if (_mergedTokens.Count > 0 && _tokenTexts.Contains(ByteLevelEncoding.Encode(text)))
            throw new ArgumentException($"'{text}' was already added as a word.", nameof(text));
        _specials.Add((text, type));
        return this;
    }

    /// <summary>
    /// Makes <paramref name="word"/> a single token by adding merges. The word must be one piece of GPT-2's
    /// pre-tokenizer: a run of letters with an optional leading space (<c>" world"</c>), a run of digits, a run of
    /// symbols (<c>"!"</c>, <c>"."</c>), a contraction (<c>"'s"</c>) or a run of whitespace. Adding a word twice is harmless.
    /// </summary>
    /// <exception cref="ArgumentException">The word is empty, splits into several pre-tokenizer pieces, or is a special token.</exception>
    public ByteBpeVocabularyBuilder AddWord(string word)
    {
        ArgumentException.ThrowIfNullOrEmpty(word);
        if (_specials.Any(s => s.Text == word))
            throw new ArgumentException($"'{word}' is a special token, not a word.", nameof(word));
        var pieces = Gpt2PreTokenizer.Split(word).ToList();
        if (pieces.Count != 1)
        {
            throw new ArgumentException(
                $"'{word}' splits into {pieces.Count} pre-tokenizer pieces ({string.Join(", ", pieces.Select(p => $"'{p}'"))}); add each piece as its own word, or use AddText.",
                nameof(word));
        }
        string encoded = ByteLevelEncoding.Encode(word);
        if (_tokenTexts.Contains(encoded)) return this;
        // The existing merges already turn the word into these pieces; chaining them left to right with new,
        // lower-priority merges ends in one token without changing how earlier words tokenize.
        var symbols = _merger.Merge(encoded);
        string left = symbols[0];
        for (int i = 1; i < symbols.Count; i++)
        {
            string merged = left + symbols[i];
            if (!_merger.Contains(left, symbols[i]))
            {
                string merge = left + " " + symbols[i];
                _merger.Add(merge);
                _merges.Add(merge);
            }
            if (_tokenTexts.Add(merged)) _mergedTokens.Add(merged);
            left = merged;
        }
        return this;
    }

    /// <summary>Adds every word in <paramref name="words"/> (see <see cref="AddWord(string)"/>).</summary>
    public ByteBpeVocabularyBuilder AddWords(params IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        foreach (var word in words) AddWord(word);
        return this;
    }

    /// <summary>
    /// Makes every pre-tokenizer piece of <paramref name="text"/> a single token, skipping special tokens written in
    /// it. After this, the text tokenizes to one token per piece: <c>"Hello world!"</c> → <c>Hello</c>, <c> world</c>, <c>!</c>.
    /// </summary>
    public ByteBpeVocabularyBuilder AddText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var specials = _specials.Select(s => s.Text).OrderByDescending(s => s.Length).ToArray();
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            var special = i < text.Length ? specials.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0) : null;
            if (i < text.Length && special is null) continue;
            foreach (var piece in Gpt2PreTokenizer.Split(text[start..i])) AddWord(piece);
            if (special is not null)
            {
                i += special.Length - 1;
                start = i + 1;
            }
        }
        return this;
    }

    /// <summary>Builds the vocabulary.</summary>
    /// <exception cref="InvalidOperationException">A BOS/EOS/EOT/padding token text is not a special token.</exception>
    public ByteBpeVocabulary Build()
    {
        var tokens = new List<string>(256 + _specials.Count + _mergedTokens.Count);
        var types = new List<GgufTokenType>(tokens.Capacity);
        for (int b = 0; b < 256; b++)
        {
            tokens.Add(ByteLevelEncoding.Encode((byte)b).ToString());
            types.Add(GgufTokenType.Normal);
        }
        foreach (var (text, type) in _specials)
        {
            tokens.Add(text);
            types.Add(type);
        }
        foreach (var merged in _mergedTokens)
        {
            tokens.Add(merged);
            types.Add(GgufTokenType.Normal);
        }
        return new ByteBpeVocabulary(tokens.ToArray(), types.ToArray(), _merges.ToArray(),
            SpecialId(BosToken, nameof(BosToken)), SpecialId(EosToken, nameof(EosToken)),
            SpecialId(EotToken, nameof(EotToken)), SpecialId(PaddingToken, nameof(PaddingToken)), AddBosToken);
    }

    private int? SpecialId(string? text, string property)
    {
        if (text is null) return null;
        int index = _specials.FindIndex(s => s.Text == text);
        if (index < 0) throw new InvalidOperationException($"{property} '{text}' is not a special token of this vocabulary; add it with AddSpecialToken first.");
        return 256 + index;
    }
}
