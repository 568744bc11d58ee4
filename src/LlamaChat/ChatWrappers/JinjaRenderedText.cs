using System.Text;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Turns a template's output back into a <see cref="LlamaText"/>: every placeholder ID is replaced by the text it
/// stands for (message contents stay plain text, BOS/EOS placeholders become special tokens), and the template's own
/// text between them becomes special-token text, except for known plain strings (function names and params) that
/// the template wrote from the conversation.
/// </summary>
internal static class JinjaRenderedText
{
    public static LlamaText Split(string output, IReadOnlyDictionary<string, LlamaText> placeholders, IReadOnlyCollection<string> plainStrings,
        ISet<string>? foundPlaceholders = null)
    {
        var parts = new List<LlamaText>();
        var glue = new StringBuilder();
        var i = 0;
        while (i < output.Length)
        {
            var id = placeholders.Count == 0 ? null : MatchAt(output, i, placeholders.Keys);
            if (id is null)
            {
                glue.Append(output[i]);
                i++;
                continue;
            }

            parts.Add(Glue(glue.ToString(), plainStrings));
            glue.Clear();

            // A template that writes a content with tojson puts the placeholder in quotes; the content then needs JSON escaping too.
            var quoted = i > 0 && output[i - 1] == '"' && i + id.Length < output.Length && output[i + id.Length] == '"';
            parts.Add(quoted ? EscapeForJsonString(placeholders[id]) : placeholders[id]);
            foundPlaceholders?.Add(id);
            i += id.Length;
        }

        parts.Add(Glue(glue.ToString(), plainStrings));
        return new LlamaText(parts);
    }

    private static LlamaText EscapeForJsonString(LlamaText text) =>
        text.MapValues(value => value.IsText ? PythonStyleJson.Quote(value.Text)[1..^1] : value);

    private static string? MatchAt(string text, int index, IEnumerable<string> candidates)
    {
        // Placeholders share a prefix, so a cheap check skips most positions.
        if (text[index] != JinjaPlaceholders.FirstChar)
            return null;

        foreach (var candidate in candidates)
            if (string.CompareOrdinal(text, index, candidate, 0, candidate.Length) == 0)
                return candidate;

        return null;
    }

    private static LlamaText Glue(string text, IReadOnlyCollection<string> plainStrings)
    {
        if (text.Length == 0)
            return LlamaText.Empty;

        var parts = new List<LlamaText>();
        var start = 0;
        for (var i = 0; i < text.Length;)
        {
            var plain = plainStrings.Where(s => s.Length > 0 && string.CompareOrdinal(text, i, s, 0, s.Length) == 0).MaxBy(s => s.Length);
            if (plain is null)
            {
                i++;
                continue;
            }

            parts.Add(new SpecialTokensText(text[start..i]));
            parts.Add(plain);
            i += plain.Length;
            start = i;
        }

        parts.Add(new SpecialTokensText(text[start..]));
        return new LlamaText(parts);
    }
}
