using System.Globalization;
using System.Text;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// Translates a JSON Schema <c>pattern</c> (an ECMA-262 regex; LlamaChat supports a subset) into GBNF for the
/// inside of a JSON string. Supported: literals and escaped punctuation, <c>.</c>, classes <c>[...]</c> and
/// <c>[^...]</c> with ranges, <c>\d \w \s \D \W \S</c>, <c>\t \n \r \f \v \0 \xHH \uHHHH</c>, groups
/// <c>(...)</c>, <c>(?:...)</c>, <c>(?&lt;name&gt;...)</c>, alternation, <c>? * + {m} {m,} {m,n}</c> (lazy
/// forms too), and <c>^</c>/<c>$</c> at the start/end of a top-level alternative. A pattern without
/// <c>^</c> (or <c>$</c>) may be preceded (or followed) by any text, as in JSON Schema. Character classes
/// take the meaning both ECMA-262 and .NET agree on (e.g. <c>\d</c> = ASCII digits, <c>\D</c> excludes every
/// Unicode digit), so every string the grammar allows matches under either engine.
/// </summary>
internal sealed class RegexGbnf
{
    private static readonly CodePointSet LineTerminators = CodePointSet.Of(('\n', '\n'), ('\r', '\r'), (0x2028, 0x2029));
    private static readonly CodePointSet AsciiDigits = CodePointSet.Of(('0', '9'));
    private static readonly CodePointSet AsciiWord = CodePointSet.Of(('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_'));
    private static readonly CodePointSet SpaceNarrow = CodePointSet.Of(('\t', '\r'), (' ', ' '), (0xA0, 0xA0), (0x1680, 0x1680),
        (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000));
    private static readonly CodePointSet SpaceWide = SpaceNarrow.Union(CodePointSet.Of((0x85, 0x85), (0xFEFF, 0xFEFF)));

    private readonly string _pattern;
    private readonly string _path;
    private readonly GbnfRuleSet _rules;
    private readonly string _hint;
    private int _pos;
    private int _depth;

    private RegexGbnf(string pattern, string path, GbnfRuleSet rules, string hint)
    {
        _pattern = pattern;
        _path = path;
        _rules = rules;
        _hint = hint;
    }

    /// <summary>Returns GBNF for the characters between the quotes of a JSON string matching <paramref name="pattern"/>.</summary>
    public static string Translate(string pattern, string schemaPath, GbnfRuleSet rules, string hint)
        => new RegexGbnf(pattern, schemaPath, rules, hint).TranslateTopLevel();

    private string TranslateTopLevel()
    {
        var alternatives = new List<string>();
        while (true)
        {
            var anchoredStart = false;
            if (Peek == '^')
            {
                anchoredStart = true;
                _pos++;
            }
            var body = ParseSequence(topLevel: true, out var anchoredEnd);
            var parts = new List<string>();
            var anyChar = _rules.DefineOnce("json-char", JsonSchemaGbnfWriter.JsonCharBody);
            if (!anchoredStart)
                parts.Add(anyChar + "*");
            parts.Add(body);
            if (!anchoredEnd)
                parts.Add(anyChar + "*");
            alternatives.Add(string.Join(" ", parts.Where(p => p.Length > 0)));
            if (Peek == '|')
            {
                _pos++;
                continue;
            }
            if (_pos < _pattern.Length)
                throw Error(_pattern[_pos] == ')' ? "unbalanced ')'" : $"unexpected '{_pattern[_pos]}'");
            break;
        }
        return alternatives.Count == 1 ? Group(alternatives[0]) : "( " + string.Join(" | ", alternatives.Select(a => a.Length == 0 ? "\"\"" : a)) + " )";
    }

    private char Peek => _pos < _pattern.Length ? _pattern[_pos] : '\0';

    private string ParseAlternation()
    {
        var options = new List<string> { ParseSequence(topLevel: false, out _) };
        while (Peek == '|')
        {
            _pos++;
            options.Add(ParseSequence(topLevel: false, out _));
        }
        return options.Count == 1 ? options[0] : "( " + string.Join(" | ", options.Select(o => o.Length == 0 ? "\"\"" : o)) + " )";
    }

    private string ParseSequence(bool topLevel, out bool anchoredEnd)
    {
        anchoredEnd = false;
        var items = new List<string>();
        while (_pos < _pattern.Length && Peek != '|' && Peek != ')')
        {
            if (Peek == '$')
            {
                _pos++;
                if (!topLevel || (_pos < _pattern.Length && Peek != '|'))
                    throw Error("'$' is only supported at the end of the pattern (or of a top-level alternative)");
                anchoredEnd = true;
                break;
            }
            if (Peek == '^')
                throw Error("'^' is only supported at the start of the pattern (or of a top-level alternative)");
            var atom = ParseAtom();
            items.Add(ParseQuantifier(atom));
        }
        return string.Join(" ", items.Where(i => i.Length > 0));
    }

    private string ParseAtom()
    {
        var c = _pattern[_pos];
        switch (c)
        {
            case '(':
                _pos++;
                if (Peek == '?')
                {
                    var rest = _pattern[(_pos + 1)..];
                    if (rest.StartsWith(':'))
                        _pos += 2;
                    else if (rest.StartsWith('<') && !rest.StartsWith("<=") && !rest.StartsWith("<!"))
                    {
                        var close = _pattern.IndexOf('>', _pos);
                        if (close < 0)
                            throw Error("unterminated group name");
                        _pos = close + 1;
                    }
                    else
                        throw Error("lookahead, lookbehind and inline options are not supported");
                }
                if (++_depth > 100)
                    throw Error("groups nested too deeply");
                var inner = ParseAlternation();
                _depth--;
                if (Peek != ')')
                    throw Error("missing ')'");
                _pos++;
                return Group(inner);
            case '[':
                return SetExpression(ParseClass());
            case '.':
                _pos++;
                return SetExpression(LineTerminators.Complement());
            case '\\':
                return ParseEscapeAtom();
            case '*' or '+' or '?' or '{':
                throw Error($"'{c}' has nothing to repeat");
            default:
                var cp = char.ConvertToUtf32(_pattern, _pos);
                _pos += cp > 0xFFFF ? 2 : 1;
                return cp > 0xFFFF ? GbnfRuleSet.Literal(char.ConvertFromUtf32(cp)) : SetExpression(CodePointSet.Single(cp));
        }
    }

    private string ParseQuantifier(string atom)
    {
        int min;
        int? max;
        switch (Peek)
        {
            case '*': _pos++; (min, max) = (0, null); break;
            case '+': _pos++; (min, max) = (1, null); break;
            case '?': _pos++; (min, max) = (0, 1); break;
            case '{':
                var close = _pattern.IndexOf('}', _pos);
                var body = close < 0 ? "" : _pattern[(_pos + 1)..close];
                var parts = body.Split(',');
                if (close < 0 || parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out min))
                    throw Error("'{' must start a quantifier {m}, {m,} or {m,n}; escape it as \\{ for a literal brace");
                if (parts.Length == 1)
                    max = min;
                else if (parts[1].Length == 0)
                    max = null;
                else if (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m))
                    max = m;
                else
                    throw Error("invalid quantifier");
                if (max < min)
                    throw Error($"the quantifier {{{body}}} has its maximum below its minimum");
                _pos = close + 1;
                break;
            default:
                return atom;
        }
        if (Peek == '?')
            _pos++; // Lazy or greedy matches the same strings when the whole string must match.
        if (Peek is '*' or '+' or '?' or '{')
            throw Error("a quantifier cannot follow another quantifier");
        if (atom.Length == 0)
            return "";
        return _rules.Repeat(_hint + "-rep", atom, min, max);
    }

    private string ParseEscapeAtom()
    {
        var (narrow, _, literalNonBmp) = ParseEscape(inClass: false);
        return literalNonBmp ?? SetExpression(narrow);
    }

    // Returns the set under the narrow and the wide reading of the escape (they differ for \d \w \s and
    // their negations between ECMA-262 and .NET).
    private (CodePointSet Narrow, CodePointSet Wide, string? NonBmp) ParseEscape(bool inClass)
    {
        _pos++;
        if (_pos >= _pattern.Length)
            throw Error("the pattern ends with a lone backslash");
        var c = _pattern[_pos++];
        CodePointSet S(int cp) => CodePointSet.Single(cp);
        switch (c)
        {
            case 'd': return (AsciiDigits, UnicodeDigits(), null);
            case 'D': return (UnicodeDigits().Complement(), AsciiDigits.Complement(), null);
            case 'w': return (AsciiWord, UnicodeWord(), null);
            case 'W': return (UnicodeWord().Complement(), AsciiWord.Complement(), null);
            case 's': return (SpaceNarrow, SpaceWide, null);
            case 'S': return (SpaceWide.Complement(), SpaceNarrow.Complement(), null);
            case 't': return Same(S('\t'));
            case 'n': return Same(S('\n'));
            case 'r': return Same(S('\r'));
            case 'f': return Same(S('\f'));
            case 'v': return Same(S('\v'));
            case '0' when !char.IsAsciiDigit(Peek): return Same(S(0));
            case 'b' when inClass: return Same(S('\b'));
            case 'x': return Same(S(Hex(2)));
            case 'u': return Same(S(Hex(4)));
            case 'b' or 'B': throw Error("word boundaries (\\b, \\B) are not supported");
            case >= '1' and <= '9': throw Error("back-references are not supported");
            case 'k': throw Error("named back-references are not supported");
            case 'p' or 'P': throw Error("Unicode property escapes (\\p{...}) are not supported");
            case 'c': throw Error("control escapes (\\cX) are not supported; use \\xHH");
            default:
                if (char.IsAsciiLetterOrDigit(c))
                    throw Error($"unknown escape '\\{c}'");
                if (char.IsHighSurrogate(c) && _pos < _pattern.Length && char.IsLowSurrogate(_pattern[_pos]))
                {
                    var cp = char.ConvertToUtf32(c, _pattern[_pos++]);
                    if (inClass)
                        throw Error("characters outside the Basic Multilingual Plane are not supported in character classes");
                    return (CodePointSet.Empty, CodePointSet.Empty, GbnfRuleSet.Literal(char.ConvertFromUtf32(cp)));
                }
                return Same(S(c));
        }
    }

    private static (CodePointSet, CodePointSet, string?) Same(CodePointSet set) => (set, set, null);

    private int Hex(int digits)
    {
        if (_pos + digits > _pattern.Length || !int.TryParse(_pattern.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            throw Error($"the escape needs {digits} hex digits");
        _pos += digits;
        return value;
    }

    private CodePointSet ParseClass()
    {
        _pos++;
        var negated = false;
        if (Peek == '^')
        {
            negated = true;
            _pos++;
        }
        var narrow = CodePointSet.Empty;
        var wide = CodePointSet.Empty;
        var first = true;
        while (true)
        {
            if (_pos >= _pattern.Length)
                throw Error("missing ']'");
            if (Peek == ']' && !first)
            {
                _pos++;
                break;
            }
            if (Peek == ']' && first)
            {
                // "[]" matches nothing and "[^]" anything in ECMA-262, but .NET reads ']' here as a literal.
                throw Error("an empty class '[]' or '[^]' means different things to different regex engines; write the characters out");
            }
            first = false;
            var (lo, loWide, isSingle) = ClassAtom();
            if (isSingle && Peek == '-' && _pos + 1 < _pattern.Length && _pattern[_pos + 1] != ']')
            {
                _pos++;
                var (hi, _, hiSingle) = ClassAtom();
                if (!hiSingle)
                    throw Error("a range cannot end with a class escape such as \\d");
                var from = lo.Ranges[0].First;
                var to = hi.Ranges[0].First;
                if (to < from)
                    throw Error("a character range is out of order");
                var range = CodePointSet.Of((from, to));
                narrow = narrow.Union(range);
                wide = wide.Union(range);
                continue;
            }
            narrow = narrow.Union(lo);
            wide = wide.Union(loWide);
        }
        // The complement of the widest reading is what every engine agrees is outside the class.
        return negated ? wide.Complement() : narrow;
    }

    private (CodePointSet Narrow, CodePointSet Wide, bool IsSingle) ClassAtom()
    {
        if (Peek == '\\')
        {
            var before = _pos;
            var (narrow, wide, nonBmp) = ParseEscape(inClass: true);
            if (nonBmp is not null)
                throw Error("characters outside the Basic Multilingual Plane are not supported in character classes");
            var letter = _pattern[before + 1];
            var isSingle = !"dDwWsS".Contains(letter);
            return (narrow, wide, isSingle);
        }
        if (Peek == '[')
            throw Error("'[' inside a character class must be escaped as \\[ (engines disagree on it)");
        var cp = char.ConvertToUtf32(_pattern, _pos);
        if (cp > 0xFFFF)
            throw Error("characters outside the Basic Multilingual Plane are not supported in character classes");
        _pos++;
        var set = CodePointSet.Single(cp);
        return (set, set, true);
    }

    /// <summary>GBNF for one JSON-string character (raw or escaped) whose decoded value is in <paramref name="set"/>.</summary>
    private string SetExpression(CodePointSet set)
    {
        if (set.IsEmpty)
            throw Error("a character class matches no character the grammar can produce");
        return _rules.Intern(_hint + "-char", CharSetBody(set));
    }

    internal static string CharSetBody(CodePointSet set)
    {
        var options = new List<string>();
        var raw = set.Minus(CodePointSet.Of(('"', '"'), ('\\', '\\'), (0, 0x1F), (0x7F, 0x7F)));
        if (!raw.IsEmpty)
        {
            var sb = new StringBuilder("[");
            foreach (var (first, last) in raw.Ranges)
            {
                sb.Append(GbnfRuleSet.ClassChar(first));
                if (last > first)
                    sb.Append('-').Append(GbnfRuleSet.ClassChar(last));
            }
            options.Add(sb.Append(']').ToString());
        }
        if (set.Contains('"'))
            options.Add("\"\\\\\\\"\"");
        if (set.Contains('\\'))
            options.Add("\"\\\\\\\\\"");
        foreach (var (c, e) in new[] { ('\b', 'b'), ('\t', 't'), ('\n', 'n'), ('\f', 'f'), ('\r', 'r') })
        {
            if (set.Contains(c))
                options.Add($"\"\\\\{e}\"");
        }
        for (var c = 0; c <= 0x7F; c++)
        {
            if ((c < 0x20 || c == 0x7F) && c is not ('\b' or '\t' or '\n' or '\f' or '\r') && set.Contains(c))
            {
                var hex = c.ToString("x2", CultureInfo.InvariantCulture);
                var last = char.IsAsciiLetter(hex[1]) ? $"[{hex[1]}{char.ToUpperInvariant(hex[1])}]" : $"\"{hex[1]}\"";
                options.Add($"\"\\\\u00{hex[0]}\" {last}");
            }
        }
        return string.Join(" | ", options);
    }

    private static CodePointSet UnicodeDigits() => CodePointSet.OfCategories(UnicodeCategory.DecimalDigitNumber);

    private static CodePointSet UnicodeWord() => CodePointSet.OfCategories(
        UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter,
        UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter, UnicodeCategory.NonSpacingMark,
        UnicodeCategory.SpacingCombiningMark, UnicodeCategory.DecimalDigitNumber, UnicodeCategory.ConnectorPunctuation)
        .Union(AsciiWord);

    private static string Group(string inner) => inner.Length == 0 ? "" : GbnfRuleSet.Paren(inner);

    private JsonSchemaException Error(string what)
        => new($"The pattern at {_path} is not supported: {what} (at position {_pos} of /{_pattern}/). See docs/grammar.md for the supported regex subset.", _path, "pattern");
}
