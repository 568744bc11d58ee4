using System.Globalization;
using System.Text;

namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// Parses GBNF text exactly as llama.cpp's grammar parser does (same accepted language, same flattening into
/// rules, same repetition limits) while building a positioned syntax tree and raising
/// <see cref="GrammarException"/>s that say where and what is wrong instead of llama.cpp's stderr message and
/// NULL sampler (which crashes the process on the next sample).
/// </summary>
internal sealed class GbnfParser
{
    /// <summary>llama.cpp's MAX_REPETITION_THRESHOLD.</summary>
    internal const int MaxRepetitionThreshold = 2000;

    // Deeper nesting is absurd in practice and would risk a stack overflow in this recursive parser.
    private const int MaxNesting = 200;

    private readonly string _src;
    private readonly int[] _lineStarts;
    private readonly Dictionary<string, int> _symbolIds = new(StringComparer.Ordinal);
    private readonly List<string> _symbolNames = new();
    private readonly List<List<GbnfElement>?> _rules = new();
    private readonly Dictionary<int, int> _firstReference = new();
    private readonly Dictionary<string, GbnfRule> _ruleAsts = new(StringComparer.Ordinal);
    private readonly List<string> _ruleOrder = new();
    private readonly List<string> _warnings = new();
    private readonly List<GbnfTokenReference> _tokens = new();
    private int _pos;
    private int _nesting;

    private GbnfParser(string src)
    {
        _src = src;
        var starts = new List<int> { 0 };
        for (var i = 0; i < src.Length; i++)
        {
            if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= src.Length || src[i + 1] != '\n')))
                starts.Add(i + 1);
        }
        _lineStarts = starts.ToArray();
    }

    /// <summary>Parses and validates <paramref name="text"/> with <paramref name="rootRuleName"/> as the start rule.</summary>
    public static GbnfGrammar Parse(string text, string rootRuleName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rootRuleName);
        var parser = new GbnfParser(text);
        return parser.ParseGrammar(rootRuleName);
    }

    private char Cur => _pos < _src.Length ? _src[_pos] : '\0';

    private char Peek(int offset) => _pos + offset < _src.Length ? _src[_pos + offset] : '\0';

    private bool AtEnd => _pos >= _src.Length;

    private GbnfGrammar ParseGrammar(string rootRuleName)
    {
        CheckCharacters();
        SkipSpace(newlineOk: true);
        while (!AtEnd)
            ParseRule();

        if (_ruleAsts.Count == 0)
            throw Error("the grammar defines no rules; write at least `root ::= ...`", 0);

        for (var id = 0; id < _rules.Count || id < _symbolNames.Count; id++)
        {
            if (id >= _rules.Count || _rules[id] is null)
            {
                var name = _symbolNames[id];
                var at = _firstReference.TryGetValue(id, out var p) ? p : 0;
                throw Error($"rule '{name}' is referenced but never defined; define it with `{name} ::= ...` or fix the name", at);
            }
        }

        if (!_symbolIds.TryGetValue(rootRuleName, out var rootId) || !_ruleAsts.ContainsKey(rootRuleName))
            throw new GrammarException(
                $"The grammar has no '{rootRuleName}' rule, which is where generation starts; define `{rootRuleName} ::= ...` or pass the name of the start rule.");

        var flat = new GbnfFlatGrammar(
            _rules.Select(r => r!.ToArray()).ToArray(),
            _symbolNames.ToArray(),
            new Dictionary<string, int>(_symbolIds, StringComparer.Ordinal));
        CheckLeftRecursion(flat);

        var ruleList = _ruleOrder.Select(n => _ruleAsts[n]).ToList();
        return new GbnfGrammar(_src, rootRuleName, ruleList, flat, rootId, _warnings.ToList(), _tokens.ToList());
    }

    // llama.cpp reads the text as a NUL-terminated UTF-8 string: a NUL would silently cut the grammar short
    // and a lone surrogate cannot be encoded, so both are refused up front.
    private void CheckCharacters()
    {
        for (var i = 0; i < _src.Length; i++)
        {
            var c = _src[i];
            if (c == '\0')
                throw Error("the grammar text contains a NUL character, which would cut it short in llama.cpp; remove it or write it as \\x00 inside a literal", i);
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < _src.Length && char.IsLowSurrogate(_src[i + 1]))
                {
                    i++;
                    continue;
                }
                throw Error("the grammar text contains an unpaired UTF-16 surrogate; fix the string's encoding", i);
            }
            if (char.IsLowSurrogate(c))
                throw Error("the grammar text contains an unpaired UTF-16 surrogate; fix the string's encoding", i);
        }
    }

    private void ParseRule()
    {
        var start = _pos;
        var nameEnd = ScanName();
        if (nameEnd == _pos)
            throw Error($"expected a rule name (letters, digits, '-') but found {Describe(_pos)}", _pos);
        var name = _src[_pos..nameEnd];
        _pos = nameEnd;
        var ruleId = GetSymbolId(name);
        SkipSpace(newlineOk: false);
        if (!(Cur == ':' && Peek(1) == ':' && Peek(2) == '='))
            throw Error($"expected '::=' after the rule name '{name}' but found {Describe(_pos)}", _pos);
        _pos += 3;
        SkipSpace(newlineOk: true);

        var (line, column) = LineColumn(start);
        var body = ParseAlternates(name, ruleId, nested: false);
        if (_ruleAsts.ContainsKey(name))
            _warnings.Add($"line {line}: rule '{name}' is defined more than once; as in llama.cpp, the last definition wins");
        else
            _ruleOrder.Add(name);
        _ruleAsts[name] = new GbnfRule(name, body, line, column);

        if (Cur == '\r')
            _pos += Peek(1) == '\n' ? 2 : 1;
        else if (Cur == '\n')
            _pos++;
        else if (!AtEnd)
            throw Error($"unexpected {Describe(_pos)} in rule '{name}'; a rule ends at the end of its line (use parentheses to continue an expression on the next line)", _pos);
        SkipSpace(newlineOk: true);
    }

    private GbnfAlternatives ParseAlternates(string ruleName, int ruleId, bool nested)
    {
        if (++_nesting > MaxNesting)
            throw Error($"groups are nested more than {MaxNesting} levels deep", _pos);
        var (line, column) = LineColumn(_pos);
        var elements = new List<GbnfElement>();
        var options = new List<GbnfSequence> { ParseSequence(ruleName, elements, nested) };
        while (Cur == '|')
        {
            elements.Add(new GbnfElement(GbnfElementType.Alternative, 0));
            _pos++;
            SkipSpace(newlineOk: true);
            options.Add(ParseSequence(ruleName, elements, nested));
        }
        elements.Add(new GbnfElement(GbnfElementType.End, 0));
        SetRule(ruleId, elements);
        _nesting--;
        return new GbnfAlternatives(options, line, column);
    }

    private GbnfSequence ParseSequence(string ruleName, List<GbnfElement> rule, bool nested)
    {
        var (seqLine, seqColumn) = LineColumn(_pos);
        var items = new List<GbnfExpression>();
        var lastSymStart = rule.Count;
        long prevRuleCount = 1;

        while (!AtEnd)
        {
            var itemStart = _pos;
            var (line, column) = LineColumn(itemStart);
            var c = Cur;
            if (c == '"')
            {
                _pos++;
                lastSymStart = rule.Count;
                prevRuleCount = 1;
                var text = new StringBuilder();
                while (Cur != '"')
                {
                    if (AtEnd)
                        throw Error("unterminated literal: missing closing '\"'", itemStart);
                    var cp = ParseChar();
                    rule.Add(new GbnfElement(GbnfElementType.Char, cp));
                    text.Append(char.ConvertFromUtf32(IsScalar(cp) ? cp : 0xFFFD));
                }
                _pos++;
                SkipSpace(nested);
                items.Add(new GbnfLiteral(text.ToString(), line, column));
            }
            else if (c == '[')
            {
                _pos++;
                var negated = false;
                if (Cur == '^')
                {
                    _pos++;
                    negated = true;
                }
                lastSymStart = rule.Count;
                prevRuleCount = 1;
                var ranges = new List<GbnfCharacterRange>();
                while (Cur != ']')
                {
                    if (AtEnd)
                        throw Error("unterminated character class: missing closing ']'", itemStart);
                    var first = ParseChar();
                    var type = lastSymStart < rule.Count ? GbnfElementType.CharAlternative
                        : negated ? GbnfElementType.CharNot : GbnfElementType.Char;
                    rule.Add(new GbnfElement(type, first));
                    var last = first;
                    if (Cur == '-' && Peek(1) != ']')
                    {
                        if (_pos + 1 >= _src.Length)
                            throw Error("unterminated character class: missing closing ']'", itemStart);
                        _pos++;
                        last = ParseChar();
                        rule.Add(new GbnfElement(GbnfElementType.CharRangeUpper, last));
                        if (last < first)
                            _warnings.Add($"line {line}: character range {Show(first)}-{Show(last)} is reversed and matches nothing");
                    }
                    ranges.Add(new GbnfCharacterRange(first, last));
                }
                _pos++;
                SkipSpace(nested);
                if (ranges.Count == 0)
                    _warnings.Add($"line {line}: the empty character class {(negated ? "[^]" : "[]")} matches the empty string in llama.cpp, not a character");
                items.Add(new GbnfCharacterClass(negated, ranges, line, column));
            }
            else if (c == '<' || c == '!')
            {
                var negated = false;
                if (c == '!')
                {
                    negated = true;
                    _pos++;
                }
                var token = ParseToken(negated, line, column);
                lastSymStart = rule.Count;
                prevRuleCount = 1;
                rule.Add(new GbnfElement(negated ? GbnfElementType.TokenNot : GbnfElementType.Token, (int)(uint)(token.TokenId ?? uint.MaxValue)));
                SkipSpace(nested);
                _tokens.Add(token);
                items.Add(token);
            }
            else if (IsWordChar(c))
            {
                var nameEnd = ScanName();
                var name = _src[_pos..nameEnd];
                var refId = GetSymbolId(name);
                _firstReference.TryAdd(refId, _pos);
                _pos = nameEnd;
                SkipSpace(nested);
                lastSymStart = rule.Count;
                prevRuleCount = 1;
                rule.Add(new GbnfElement(GbnfElementType.RuleReference, refId));
                items.Add(new GbnfRuleReference(name, line, column));
            }
            else if (c == '(')
            {
                _pos++;
                SkipSpace(newlineOk: true);
                var countBefore = _symbolIds.Count;
                var subId = GenerateSymbolId(ruleName);
                var body = ParseAlternates(ruleName, subId, nested: true);
                prevRuleCount = Math.Max(1, _symbolIds.Count - countBefore);
                lastSymStart = rule.Count;
                rule.Add(new GbnfElement(GbnfElementType.RuleReference, subId));
                if (Cur != ')')
                    throw Error($"expected ')' to close the group opened at line {line}, column {column}, but found {Describe(_pos)}", _pos);
                _pos++;
                SkipSpace(nested);
                items.Add(new GbnfGroup(body, line, column));
            }
            else if (c == '.')
            {
                lastSymStart = rule.Count;
                prevRuleCount = 1;
                rule.Add(new GbnfElement(GbnfElementType.CharAny, 0));
                _pos++;
                SkipSpace(nested);
                items.Add(new GbnfAnyCharacter(line, column));
            }
            else if (c is '*' or '+' or '?')
            {
                _pos++;
                SkipSpace(nested);
                var (min, max) = c switch { '*' => (0, (int?)null), '+' => (1, (int?)null), _ => (0, (int?)1) };
                ApplyRepetition(ruleName, rule, items, ref lastSymStart, ref prevRuleCount, min, max, itemStart);
            }
            else if (c == '{')
            {
                _pos++;
                SkipSpace(nested);
                if (!char.IsAsciiDigit(Cur))
                    throw Error($"expected a number after '{{' but found {Describe(_pos)}", _pos);
                var min = ParseCount();
                SkipSpace(nested);
                ulong? max;
                if (Cur == '}')
                {
                    max = min;
                    _pos++;
                    SkipSpace(nested);
                }
                else if (Cur == ',')
                {
                    _pos++;
                    SkipSpace(nested);
                    max = null;
                    if (char.IsAsciiDigit(Cur))
                    {
                        max = ParseCount();
                        SkipSpace(nested);
                    }
                    if (Cur != '}')
                        throw Error($"expected '}}' to close the repetition but found {Describe(_pos)}", _pos);
                    _pos++;
                    SkipSpace(nested);
                }
                else
                {
                    throw Error($"expected ',' or '}}' in the repetition but found {Describe(_pos)}", _pos);
                }
                if (min > MaxRepetitionThreshold)
                    throw Error($"a repetition minimum of {min} is more than llama.cpp allows ({MaxRepetitionThreshold}); nest repetitions instead, e.g. (x{{1000}}){{3}}", itemStart);
                // llama.cpp stores "no maximum" as UINT64_MAX, so writing exactly that number means unbounded.
                if (max == ulong.MaxValue)
                    max = null;
                if (max > MaxRepetitionThreshold)
                    throw Error($"a repetition maximum of {max} is more than llama.cpp allows ({MaxRepetitionThreshold}); use {{{min},}} for no maximum or nest repetitions", itemStart);
                if (max is { } m && m < min)
                    throw Error($"the repetition {{{min},{m}}} has a maximum below its minimum (llama.cpp would hang on it); swap the numbers", itemStart);
                ApplyRepetition(ruleName, rule, items, ref lastSymStart, ref prevRuleCount, (int)min, (int?)max, itemStart);
            }
            else
            {
                break;
            }
        }
        return new GbnfSequence(items, seqLine, seqColumn);
    }

    // Mirrors llama.cpp's rewrite: S{m,n} becomes m copies of S followed by a chain of n-m optional rules,
    // S{m,} becomes m copies followed by one self-recursive rule. The rule-count limit is llama.cpp's.
    private void ApplyRepetition(string ruleName, List<GbnfElement> rule, List<GbnfExpression> items,
        ref int lastSymStart, ref long prevRuleCount, int min, int? max, int at)
    {
        if (lastSymStart == rule.Count || items.Count == 0)
            throw Error("a repetition operator (*, +, ?, {...}) must follow an item that matches something", at);

        long total = max is > 0 ? max.Value : min > 0 ? min : 1;
        if (prevRuleCount * total >= MaxRepetitionThreshold)
            throw Error($"this repetition would make llama.cpp generate {prevRuleCount * total} rules, more than its limit of {MaxRepetitionThreshold}; reduce the repetition count or the complexity of the repeated item", at);

        var prev = rule.GetRange(lastSymStart, rule.Count - lastSymStart);
        if (min == 0)
            rule.RemoveRange(lastSymStart, rule.Count - lastSymStart);
        else
            for (var i = 1; i < min; i++)
                rule.AddRange(prev);

        var noMax = max is null;
        var optionalCount = noMax ? 1 : max!.Value - min;
        var lastRecId = 0;
        for (var i = 0; i < optionalCount; i++)
        {
            var recId = GenerateSymbolId(ruleName);
            var rec = new List<GbnfElement>(prev.Count + 3);
            rec.AddRange(prev);
            if (i > 0 || noMax)
                rec.Add(new GbnfElement(GbnfElementType.RuleReference, noMax ? recId : lastRecId));
            rec.Add(new GbnfElement(GbnfElementType.Alternative, 0));
            rec.Add(new GbnfElement(GbnfElementType.End, 0));
            SetRule(recId, rec);
            lastRecId = recId;
        }
        if (optionalCount > 0)
            rule.Add(new GbnfElement(GbnfElementType.RuleReference, lastRecId));
        prevRuleCount *= total;

        var item = items[^1];
        items[^1] = new GbnfRepetition(item, min, max, item.Line, item.Column);
    }

    private GbnfTokenReference ParseToken(bool negated, int line, int column)
    {
        var start = _pos;
        if (Cur != '<')
            throw Error($"expected '<' after '!' (a negated token reference such as !<[42]>) but found {Describe(_pos)}", _pos);
        _pos++;
        if (Cur == '[')
        {
            _pos++;
            var digitsStart = _pos;
            while (char.IsAsciiDigit(Cur))
                _pos++;
            if (digitsStart == _pos)
                throw Error($"expected a token id after '<[' but found {Describe(_pos)}", _pos);
            // llama.cpp reads the id with stoul (64 bits here) and keeps the low 32 bits; ids beyond the
            // vocabulary simply never match, so only a number that does not fit 64 bits is an error.
            if (!ulong.TryParse(_src.AsSpan(digitsStart, _pos - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw Error("the token id is too large", digitsStart);
            if (Cur != ']')
                throw Error($"expected ']' after the token id but found {Describe(_pos)}", _pos);
            _pos++;
            if (Cur != '>')
                throw Error($"expected '>' to close the token reference but found {Describe(_pos)}", _pos);
            _pos++;
            return new GbnfTokenReference((long)Math.Min(id, long.MaxValue), null, negated, line, column);
        }
        while (!AtEnd && Cur != '>')
            _pos++;
        if (AtEnd)
            throw Error("unterminated token reference: missing '>'", start);
        _pos++;
        return new GbnfTokenReference(null, _src[start.._pos], negated, line, column);
    }

    private int ParseChar()
    {
        var start = _pos;
        if (Cur == '\\')
        {
            var e = Peek(1);
            switch (e)
            {
                case 'x': _pos += 2; return ParseHex(2, start);
                case 'u': _pos += 2; return ParseHex(4, start);
                case 'U': _pos += 2; return ParseHex(8, start);
                case 't': _pos += 2; return '\t';
                case 'r': _pos += 2; return '\r';
                case 'n': _pos += 2; return '\n';
                // No '\-': the llama.cpp build LLamaSharp 0.30.0 ships refuses it (newer llama.cpp accepts it).
                case '\\' or '"' or '[' or ']':
                    _pos += 2;
                    return e;
                default:
                    throw Error($"unknown escape '\\{(e == '\0' ? "" : e.ToString())}'; GBNF knows \\x.. \\u.... \\U........ \\t \\n \\r \\\\ \\\" \\[ \\]", start);
            }
        }
        if (AtEnd)
            throw Error("unexpected end of the grammar text", start);
        var cp = char.ConvertToUtf32(_src, _pos);
        _pos += char.IsSurrogatePair(_src, _pos) ? 2 : 1;
        return cp;
    }

    private int ParseHex(int digits, int escapeStart)
    {
        long value = 0;
        for (var i = 0; i < digits; i++)
        {
            var c = Cur;
            if (!char.IsAsciiHexDigit(c))
                throw Error($"the escape needs exactly {digits} hex digits", escapeStart);
            value = (value << 4) + Convert.ToInt32(c.ToString(), 16);
            _pos++;
        }
        // llama.cpp keeps any 32-bit value; nothing above U+10FFFF can ever match, so one value stands for all of them.
        return (int)Math.Min(value, 0x110000);
    }

    private ulong ParseCount()
    {
        var start = _pos;
        while (char.IsAsciiDigit(Cur))
            _pos++;
        // llama.cpp reads counts with stoull: anything beyond 64 bits is an error there too.
        if (!ulong.TryParse(_src.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw Error("the repetition count is too large", start);
        return value;
    }

    private int ScanName()
    {
        var end = _pos;
        while (end < _src.Length && IsWordChar(_src[end]))
            end++;
        return end;
    }

    private void SkipSpace(bool newlineOk)
    {
        while (!AtEnd)
        {
            var c = Cur;
            if (c == '#')
            {
                while (!AtEnd && Cur != '\r' && Cur != '\n')
                    _pos++;
            }
            else if (c == ' ' || c == '\t' || (newlineOk && (c == '\r' || c == '\n')))
            {
                _pos++;
            }
            else
            {
                break;
            }
        }
    }

    private int GetSymbolId(string name)
    {
        if (_symbolIds.TryGetValue(name, out var id))
            return id;
        id = _symbolIds.Count;
        _symbolIds[name] = id;
        _symbolNames.Add(name);
        return id;
    }

    private int GenerateSymbolId(string baseName)
    {
        var id = _symbolIds.Count;
        var name = baseName + "_" + id.ToString(CultureInfo.InvariantCulture);
        _symbolIds[name] = id;
        _symbolNames.Add(name);
        return id;
    }

    private void SetRule(int id, List<GbnfElement> elements)
    {
        while (_rules.Count <= id)
            _rules.Add(null);
        _rules[id] = elements;
    }

    // llama.cpp's left-recursion check recurses once per rule of a chain of leading references; past a few
    // thousand it can overflow the native stack of a small thread. Real grammars stay far below this.
    internal const int MaxLeftChain = 2000;

    private void CheckLeftRecursion(GbnfFlatGrammar flat)
    {
        var detector = new GbnfLeftRecursionDetector(flat);
        var ruleId = detector.FindLeftRecursiveRule();
        if (ruleId >= 0)
            throw LeftRecursion(flat, ruleId, "");
        ruleId = detector.FindGrowingCycleRule();
        if (ruleId >= 0)
            throw LeftRecursion(flat, ruleId,
                " It gets there through rules that can only match nothing indirectly (like `b ::= c` with `c ::= \"z\" |`); llama.cpp misses that and would loop until memory runs out.");
        var chain = detector.LongestLeftChain();
        if (chain > MaxLeftChain)
            throw new GrammarException(
                $"The grammar has a chain of {chain} rules each referenced at the start of the one before (like `r1 ::= r2`, `r2 ::= r3`), " +
                $"more than the {MaxLeftChain} llama.cpp can check without risking a stack overflow; shorten the chain.");
    }

    private GrammarException LeftRecursion(GbnfFlatGrammar flat, int ruleId, string how)
    {
        var generated = flat.RuleNames[ruleId];
        var name = generated.Contains('_') ? generated[..generated.IndexOf('_')] : generated;
        _ruleAsts.TryGetValue(name, out var rule);
        return new GrammarException(
            $"Rule '{name}' is left-recursive: it can reach itself again before matching any character, which llama.cpp does not support.{how} " +
            "Rewrite it with repetition, e.g. `a ::= a \"x\" | \"y\"` as `a ::= \"y\" \"x\"*`.",
            rule?.Line ?? 0, rule?.Column ?? 0);
    }

    internal static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static bool IsScalar(int cp) => cp is >= 0 and <= 0x10FFFF and (< 0xD800 or > 0xDFFF);

    private static string Show(int cp) => cp is >= 0x21 and < 0x7F ? ((char)cp).ToString() : $"U+{cp:X4}";

    private string Describe(int at)
    {
        if (at >= _src.Length)
            return "the end of the text";
        var c = _src[at];
        return c switch
        {
            '\n' => "a line break",
            '\r' => "a line break",
            '\t' => "a tab",
            ' ' => "a space",
            _ => $"'{(char.IsSurrogatePair(_src, at) ? _src.Substring(at, 2) : c.ToString())}'",
        };
    }

    private (int Line, int Column) LineColumn(int index)
    {
        var line = Array.BinarySearch(_lineStarts, index);
        if (line < 0)
            line = ~line - 1;
        return (line + 1, index - _lineStarts[line] + 1);
    }

    private GrammarException Error(string message, int at)
    {
        var (line, column) = LineColumn(Math.Min(at, _src.Length));
        return new GrammarException($"Invalid GBNF at line {line}, column {column}: {message}.", line, column);
    }
}
