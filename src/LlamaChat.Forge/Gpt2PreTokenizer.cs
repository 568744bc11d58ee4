using System.Text.RegularExpressions;

namespace LlamaChat.Forge;

/// <summary>
/// Splits text into the pieces BPE merges work inside, with GPT-2's pattern (llama.cpp's pre-tokenizer
/// <c>gpt-2</c>): contractions, optionally space-prefixed runs of letters, of digits, of other symbols,
/// and runs of whitespace (the last space of a run stays with the next word).
/// </summary>
internal static partial class Gpt2PreTokenizer
{
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static IEnumerable<string> Split(string text)
    {
        foreach (Match match in Pattern().Matches(text)) yield return match.Value;
    }
}
