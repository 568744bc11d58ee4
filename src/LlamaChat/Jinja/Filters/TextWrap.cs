using System.Text.RegularExpressions;
using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Filters;

/// <summary>
/// Python's <c>textwrap.wrap</c> as Jinja2's <c>wordwrap</c> filter configures it (no tab expansion, whitespace
/// kept, whitespace dropped at line ends). The chunking patterns are Python's own; they run only for this filter.
/// </summary>
internal static class TextWrap
{
    private const string Whitespace = @"[\t\n\x0b\x0c\r ]";
    private const string NoWhitespace = @"[^\t\n\x0b\x0c\r ]";
    private const string WordPunct = @"[\w!""'&.,?]";
    private const string Letter = @"[^\d\W]";

    private static readonly Regex WordSeparator = new(
        $@"(
            {Whitespace}+
          | (?<={WordPunct})-{{2,}}(?=\w)
          | {NoWhitespace}+?(?:
                -(?:(?<={Letter}{{2}}-)|(?<={Letter}-{Letter}-))(?={Letter}-?{Letter})
              | (?={Whitespace}|\z)
              | (?<={WordPunct})(?=-{{2,}}\w)
            )
        )",
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static readonly Regex SimpleSeparator = new($"({Whitespace}+)", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static List<string> Wrap(string text, int width, bool breakLongWords, bool breakOnHyphens)
    {
        if (width <= 0) throw JinjaRuntimeException.Type($"invalid width {width} (must be > 0)");
        var chunks = (breakOnHyphens ? WordSeparator : SimpleSeparator).Split(text).Where(c => c.Length > 0).ToList();
        chunks.Reverse();
        var lines = new List<string>();
        while (chunks.Count > 0)
        {
            var line = new List<string>();
            int length = 0;
            if (IsBlank(chunks[^1]) && lines.Count > 0) chunks.RemoveAt(chunks.Count - 1);
            while (chunks.Count > 0 && length + PyString.Length(chunks[^1]) <= width)
            {
                length += PyString.Length(chunks[^1]);
                line.Add(chunks[^1]);
                chunks.RemoveAt(chunks.Count - 1);
            }
            if (chunks.Count > 0 && PyString.Length(chunks[^1]) > width) HandleLongWord(chunks, line, length, width, breakLongWords, breakOnHyphens);
            if (line.Count > 0 && IsBlank(line[^1])) line.RemoveAt(line.Count - 1);
            if (line.Count > 0) lines.Add(string.Concat(line));
        }
        return lines;
    }

    private static bool IsBlank(string chunk) => PyString.Strip(chunk, null, true, true).Length == 0;

    private static void HandleLongWord(List<string> reversed, List<string> line, int length, int width, bool breakLongWords, bool breakOnHyphens)
    {
        int spaceLeft = width < 1 ? 1 : width - length;
        if (breakLongWords)
        {
            string chunk = reversed[^1];
            int end = spaceLeft;
            if (breakOnHyphens && PyString.Length(chunk) > spaceLeft)
            {
                int hyphen = PyString.Find(chunk, "-", 0, spaceLeft, reverse: true);
                if (hyphen > 0 && PyString.Slice(chunk, 0, hyphen, 1).Any(c => c != '-')) end = hyphen + 1;
            }
            int cut = Math.Min(end, PyString.Length(chunk));
            line.Add(PyString.Slice(chunk, 0, cut, 1));
            reversed[^1] = PyString.Slice(chunk, cut, PyString.Length(chunk), 1);
        }
        else if (line.Count == 0)
        {
            line.Add(reversed[^1]);
            reversed.RemoveAt(reversed.Count - 1);
        }
    }
}
