using System.Text;
using LlamaChat.Text;

namespace LlamaChat.Tests.Text;

/// <summary>
/// A character-level tokenizer for unit tests: every char is its own token (its UTF-16 code), special-token
/// strings from a table become ids from 1000 up when special-token parsing is on, and like SentencePiece it
/// adds a leading-space marker token (<see cref="LeadingSpace"/>) unless trimLeadingSpace is set.
/// </summary>
public sealed class FakeTokenizer : ILlamaTokenizer
{
    public const int LeadingSpace = 999_999;

    private readonly List<string> _special;
    private readonly Dictionary<SpecialToken, string> _builtin;

    public FakeTokenizer(IEnumerable<string>? specialTokens = null, IDictionary<SpecialToken, string>? builtin = null)
    {
        _builtin = new Dictionary<SpecialToken, string>(builtin ?? new Dictionary<SpecialToken, string>
        {
            [SpecialToken.Bos] = "<s>",
            [SpecialToken.Eos] = "</s>",
        });
        _special = (specialTokens ?? ["<|im_start|>", "<|im_end|>"]).Concat(_builtin.Values).Distinct().ToList();
    }

    public int IdOf(string special) => 1000 + _special.IndexOf(special) is var id && id >= 1000 ? id : throw new ArgumentException(special);

    public int[] Tokenize(string text, bool specialTokens = false, bool trimLeadingSpace = false)
    {
        var result = new List<int>();
        if (!trimLeadingSpace && text.Length > 0)
            result.Add(LeadingSpace);

        for (var i = 0; i < text.Length;)
        {
            var match = specialTokens
                ? _special.Where(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0).MaxBy(s => s.Length)
                : null;
            if (match is not null)
            {
                result.Add(IdOf(match));
                i += match.Length;
            }
            else
                result.Add(text[i++]);
        }

        return result.ToArray();
    }

    public int? GetSpecialToken(SpecialToken token) => _builtin.TryGetValue(token, out var text) ? IdOf(text) : null;

    public string Detokenize(ReadOnlySpan<int> tokens, bool specialTokens = false, ReadOnlySpan<int> lastTokens = default)
    {
        var builder = new StringBuilder();
        foreach (var token in tokens)
        {
            if (token == LeadingSpace)
                continue;
            if (token >= 1000)
            {
                if (specialTokens)
                    builder.Append(_special[token - 1000]);
            }
            else
                builder.Append((char)token);
        }

        return builder.ToString();
    }
}
