using System.Globalization;
using System.Text;
using LlamaChat.Grammar.Gbnf;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// Collects the rules of a generated grammar: unique names, identical bodies shared, and repetitions written
/// so that llama.cpp's limits (counts up to 2000, at most 2000 generated rules per repetition) are never hit.
/// </summary>
internal sealed class GbnfRuleSet
{
    private const int Chunk = 1000;
    private const int MaxDirect = GbnfParser.MaxRepetitionThreshold - 1;

    private readonly List<(string Name, string Body)> _rules = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byBody = new(StringComparer.Ordinal);

    /// <summary>Whether the format rules were added.</summary>
    public bool HasFormats { get; set; }

    /// <summary>Reserves a unique rule name derived from <paramref name="hint"/>.</summary>
    public string NewName(string hint)
    {
        var sb = new StringBuilder();
        foreach (var c in hint)
        {
            if (char.IsAsciiLetterOrDigit(c))
                sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0 && sb[^1] != '-')
                sb.Append('-');
        }
        var name = sb.ToString().Trim('-');
        if (name.Length == 0)
            name = "rule";
        if (name.Length > 48)
            name = name[..48].Trim('-');
        // Fixed helper rules (root, ws, json-*, format-*) must never be taken by a schema-derived name.
        if (name is "root" or "ws" || name.StartsWith("json-", StringComparison.Ordinal) || name.StartsWith("format-", StringComparison.Ordinal))
            name = "s-" + name;
        var candidate = name;
        for (var i = 2; !_names.Add(candidate); i++)
            candidate = name + "-" + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    /// <summary>Defines a rule whose name was reserved with <see cref="NewName"/>.</summary>
    public void Define(string name, string body) => _rules.Add((name, body));

    /// <summary>Defines a fixed-name rule once (later calls are ignored).</summary>
    public string DefineOnce(string name, string body)
    {
        if (_names.Add(name))
            _rules.Add((name, body));
        return name;
    }

    /// <summary>Returns a rule with this body, creating it under a name derived from <paramref name="hint"/> if needed.</summary>
    public string Intern(string hint, string body)
    {
        if (IsName(body))
            return body;
        if (_byBody.TryGetValue(body, out var existing))
            return existing;
        var name = NewName(hint);
        _rules.Add((name, body));
        _byBody[body] = name;
        return name;
    }

    /// <summary>
    /// GBNF for <paramref name="unit"/> repeated between <paramref name="min"/> and <paramref name="max"/>
    /// (null = unbounded) times. Large counts are split into nested chunks.
    /// </summary>
    public string Repeat(string hint, string unit, int min, int? max)
    {
        if (max == 0)
            return "\"\"";
        var name = Intern(hint, unit);
        if (min == 0 && max is null)
            return name + "*";
        if (min == 1 && max is null)
            return name + "+";
        if (min == 0 && max == 1)
            return name + "?";
        if (min <= MaxDirect && (max is null || max <= MaxDirect))
            return max == min ? $"{name}{{{min}}}" : max is null ? $"{name}{{{min},}}" : $"{name}{{{min},{max}}}";
        if (min > Chunk * (long)MaxDirect || max - min > Chunk * (long)MaxDirect)
            throw new JsonSchemaException($"The repetition count {max ?? min} is too large for a grammar (the limit is about {Chunk * MaxDirect}).", "#");
        var parts = new List<string>();
        if (min > 0)
            parts.Add(Exactly(name, min));
        if (max is null)
        {
            parts.Add(name + "*");
        }
        else if (max > min)
        {
            var optional = max.Value - min;
            if (optional <= MaxDirect)
            {
                parts.Add($"{name}{{0,{optional}}}");
            }
            else
            {
                var chunk = Intern(name + "-chunk", $"{name}{{{Chunk}}}");
                var q = optional / Chunk;
                var r = optional % Chunk;
                // Lengths below q*Chunk: up to q-1 chunks and up to Chunk-1 singles; the rest: q chunks and up to r singles.
                var low = $"{chunk}{{0,{q - 1}}} {name}{{0,{Chunk - 1}}}";
                var high = r == 0 ? $"{chunk}{{{q}}}" : $"{chunk}{{{q}}} {name}{{0,{r}}}";
                parts.Add(Intern(name + "-upto", $"{low} | {high}"));
            }
        }
        return string.Join(" ", parts);
    }

    private string Exactly(string name, int count)
    {
        if (count <= MaxDirect)
            return $"{name}{{{count}}}";
        var chunk = Intern(name + "-chunk", $"{name}{{{Chunk}}}");
        var q = count / Chunk;
        var r = count % Chunk;
        return r == 0 ? $"{chunk}{{{q}}}" : $"{chunk}{{{q}}} {name}{{{r}}}";
    }

    /// <summary>Writes all rules, the given root first.</summary>
    public string ToGbnf(string rootName)
    {
        var sb = new StringBuilder();
        foreach (var (name, body) in _rules.OrderBy(r => r.Name == rootName ? 0 : 1))
            sb.Append(name).Append(" ::= ").Append(body).Append('\n');
        return sb.ToString();
    }

    private static bool IsName(string text) => text.Length > 0 && text.All(GbnfParser.IsWordChar);

    /// <summary>GBNF literal for <paramref name="text"/>, escaping what GBNF needs escaped.</summary>
    public static string Literal(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{c:X2}");
                    else
                        sb.Append(rune.ToString());
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>GBNF for one code point inside a character class.</summary>
    public static string ClassChar(int c)
    {
        if (char.IsAsciiLetterOrDigit((char)c) && c < 0x80)
            return ((char)c).ToString();
        return c <= 0xFF ? string.Create(CultureInfo.InvariantCulture, $"\\x{c:X2}")
            : c <= 0xFFFF ? string.Create(CultureInfo.InvariantCulture, $"\\u{c:X4}")
            : string.Create(CultureInfo.InvariantCulture, $"\\U{c:X8}");
    }

    // Wraps an expression in parentheses unless it is a single item already (a name, literal, class or one group).
    public static string Paren(string expression) => IsSingleItem(expression) ? expression : $"( {expression} )";

    private static bool IsSingleItem(string e)
    {
        if (e.Length == 0)
            return true;
        var depth = 0;
        for (var i = 0; i < e.Length; i++)
        {
            var c = e[i];
            if (c == '"' || c == '[')
            {
                var close = c == '"' ? '"' : ']';
                for (i++; i < e.Length && e[i] != close; i++)
                {
                    if (e[i] == '\\')
                        i++;
                }
            }
            else if (c == '(')
                depth++;
            else if (c == ')')
            {
                depth--;
                if (depth == 0 && i != e.Length - 1 && e[0] == '(')
                    return false;
            }
            else if (depth == 0 && (c == ' ' || c == '|'))
                return false;
        }
        return true;
    }
}
