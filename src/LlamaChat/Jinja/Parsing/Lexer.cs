using System.Globalization;
using System.Text;
using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Parsing;

/// <summary>
/// Splits template source into tokens exactly as Jinja2's lexer does, including its whitespace control:
/// <c>-</c>/<c>+</c> markers, <c>trim_blocks</c>, <c>lstrip_blocks</c>, newline normalization and the dropped
/// trailing newline.
/// </summary>
internal sealed class Lexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"];

    private readonly JinjaOptions _options;
    private readonly string _src;
    private readonly List<int> _lineStarts = [0];
    private readonly List<Token> _tokens = [];
    private int _pos;
    private bool _lineStarting = true;

    public Lexer(string source, JinjaOptions options)
    {
        _options = options;
        _src = Normalize(source, options.KeepTrailingNewline);
        for (int i = 0; i < _src.Length; i++)
        {
            if (_src[i] == '\n') _lineStarts.Add(i + 1);
        }
    }

    private static string Normalize(string source, bool keepTrailingNewline)
    {
        string s = source.Contains('\r') ? source.Replace("\r\n", "\n").Replace('\r', '\n') : source;
        if (!keepTrailingNewline && s.EndsWith('\n')) s = s.Substring(0, s.Length - 1);
        return s;
    }

    public List<Token> Tokenize()
    {
        while (_pos < _src.Length)
        {
            int tag = FindTagStart(_pos);
            if (tag < 0)
            {
                Emit(TokenKind.Data, _src.Substring(_pos), _pos);
                _pos = _src.Length;
                break;
            }
            LexTag(tag);
        }
        Emit(TokenKind.Eof, "", _src.Length);
        return _tokens;
    }

    private int FindTagStart(int from)
    {
        int i = from;
        while (true)
        {
            i = _src.IndexOf('{', i);
            if (i < 0 || i + 1 >= _src.Length) return -1;
            char next = _src[i + 1];
            if (next is '{' or '%' or '#') return i;
            i++;
        }
    }

    private void LexTag(int tag)
    {
        string text = _src.Substring(_pos, tag - _pos);
        int textStart = _pos;
        char kind = _src[tag + 1];
        int after = tag + 2;
        char sign = after < _src.Length && _src[after] is '-' or '+' ? _src[after] : '\0';

        if (kind == '%' && TryMatchRawBegin(tag, out int rawBodyStart, out char rawSign))
        {
            EmitText(ApplyStrip(text, rawSign, isVariable: false), textStart);
            _lineStarting = _src[rawBodyStart - 1] == '\n';
            LexRaw(rawBodyStart, tag);
            return;
        }

        EmitText(ApplyStrip(text, sign, isVariable: kind == '{'), textStart);
        _lineStarting = false;
        _pos = after + (sign != '\0' ? 1 : 0);
        switch (kind)
        {
            case '#':
                LexComment(tag);
                break;
            case '%':
                Emit(TokenKind.BlockBegin, "{%", tag);
                LexInsideTag(isBlock: true);
                break;
            default:
                Emit(TokenKind.VariableBegin, "{{", tag);
                LexInsideTag(isBlock: false);
                break;
        }
    }

    private void EmitText(string text, int start)
    {
        if (text.Length > 0) Emit(TokenKind.Data, text, start);
    }

    /// <summary>Applies a tag's whitespace control to the text before it.</summary>
    private string ApplyStrip(string text, char sign, bool isVariable)
    {
        if (sign == '-') return PyString.Strip(text, null, false, true);
        if (sign == '+' || isVariable || !_options.LstripBlocks) return text;
        int lineStart = text.LastIndexOf('\n') + 1;
        if (lineStart > 0 || _lineStarting)
        {
            bool onlySpace = lineStart < text.Length;
            for (int i = lineStart; i < text.Length && onlySpace; i++) onlySpace = PyString.IsSpace(text[i]);
            if (onlySpace) return text.Substring(0, lineStart);
        }
        return text;
    }

    private bool TryMatchRawBegin(int tag, out int bodyStart, out char sign)
    {
        bodyStart = 0;
        sign = '\0';
        int i = tag + 2;
        if (i < _src.Length && _src[i] is '-' or '+') sign = _src[i++];
        i = SkipSpace(i);
        if (!_src.AsSpan(i).StartsWith("raw")) return false;
        i = SkipSpace(i + 3);
        if (_src.AsSpan(i).StartsWith("-%}"))
        {
            bodyStart = SkipSpace(i + 3);
            return true;
        }
        if (_src.AsSpan(i).StartsWith("%}"))
        {
            bodyStart = i + 2;
            return true;
        }
        return false;
    }

    private int SkipSpace(int i)
    {
        while (i < _src.Length && PyString.IsSpace(_src[i])) i++;
        return i;
    }

    private void LexRaw(int bodyStart, int rawTag)
    {
        int search = bodyStart;
        while (true)
        {
            int tag = _src.IndexOf("{%", search, StringComparison.Ordinal);
            if (tag < 0) throw Fail("Missing end of raw directive", rawTag);
            int i = tag + 2;
            char sign = i < _src.Length && _src[i] is '-' or '+' ? _src[i++] : '\0';
            i = SkipSpace(i);
            if (!_src.AsSpan(i).StartsWith("endraw"))
            {
                search = tag + 2;
                continue;
            }
            i = SkipSpace(i + 6);
            int end;
            if (_src.AsSpan(i).StartsWith("+%}")) end = i + 3;
            else if (_src.AsSpan(i).StartsWith("-%}")) end = SkipSpace(i + 3);
            else if (_src.AsSpan(i).StartsWith("%}")) end = i + 2 + (_options.TrimBlocks && i + 2 < _src.Length && _src[i + 2] == '\n' ? 1 : 0);
            else
            {
                search = tag + 2;
                continue;
            }
            string body = _src.Substring(bodyStart, tag - bodyStart);
            EmitText(ApplyStrip(body, sign, isVariable: false), bodyStart);
            _pos = end;
            _lineStarting = _src[end - 1] == '\n';
            return;
        }
    }

    private void LexComment(int tag)
    {
        int close = _src.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (close < 0) throw Fail("Missing end of comment tag", tag);
        char sign = close - 1 >= _pos && _src[close - 1] is '-' or '+' ? _src[close - 1] : '\0';
        int end = close + 2;
        if (sign == '-') end = SkipSpace(end);
        else if (sign == '\0' && _options.TrimBlocks && end < _src.Length && _src[end] == '\n') end++;
        _pos = end;
        _lineStarting = _src[end - 1] == '\n';
    }

    private void LexInsideTag(bool isBlock)
    {
        var balance = new Stack<char>();
        while (true)
        {
            if (_pos >= _src.Length) return;
            if (balance.Count == 0 && TryTagEnd(isBlock)) return;
            char c = _src[_pos];
            if (PyString.IsSpace(c))
            {
                _pos = SkipSpace(_pos);
                _lineStarting = _src[_pos - 1] == '\n';
                continue;
            }
            _lineStarting = false;
            if (char.IsAsciiDigit(c))
            {
                LexNumber();
                continue;
            }
            if (char.IsLetter(c) || c == '_')
            {
                int start = _pos;
                while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] == '_' || CharUnicodeInfo.GetUnicodeCategory(_src[_pos]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation)) _pos++;
                Emit(TokenKind.Name, string.Intern(_src.Substring(start, _pos - start)), start);
                continue;
            }
            if (c is '\'' or '"')
            {
                LexString(c);
                continue;
            }
            string? op = null;
            foreach (var candidate in Operators)
            {
                if (_src.AsSpan(_pos).StartsWith(candidate))
                {
                    op = candidate;
                    break;
                }
            }
            if (op is null) throw Fail($"unexpected char {PyStr.Repr(c.ToString())} at {_pos}", _pos);
            switch (op)
            {
                case "(": balance.Push(')'); break;
                case "[": balance.Push(']'); break;
                case "{": balance.Push('}'); break;
                case ")" or "]" or "}":
                    if (balance.Count == 0) throw Fail($"unexpected '{op}'", _pos);
                    char expected = balance.Pop();
                    if (expected != op[0]) throw Fail($"unexpected '{op}', expected '{expected}'", _pos);
                    break;
            }
            Emit(TokenKind.Operator, op, _pos);
            _pos += op.Length;
        }
    }

    private bool TryTagEnd(bool isBlock)
    {
        var rest = _src.AsSpan(_pos);
        int start = _pos;
        if (isBlock)
        {
            if (rest.StartsWith("+%}")) _pos += 3;
            else if (rest.StartsWith("-%}")) _pos = SkipSpace(_pos + 3);
            else if (rest.StartsWith("%}"))
            {
                _pos += 2;
                if (_options.TrimBlocks && _pos < _src.Length && _src[_pos] == '\n') _pos++;
            }
            else return false;
            Emit(TokenKind.BlockEnd, "%}", start);
        }
        else
        {
            if (rest.StartsWith("-}}")) _pos = SkipSpace(_pos + 3);
            else if (rest.StartsWith("}}")) _pos += 2;
            else return false;
            Emit(TokenKind.VariableEnd, "}}", start);
        }
        _lineStarting = _src[_pos - 1] == '\n';
        return true;
    }

    private void LexNumber()
    {
        int start = _pos;
        if (TryFloat(out int floatEnd))
        {
            string text = _src.Substring(start, floatEnd - start).Replace("_", "");
            _pos = floatEnd;
            Emit(TokenKind.Float, text, start, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            return;
        }
        int end = MatchInteger(start);
        string literal = _src.Substring(start, end - start);
        _pos = end;
        string digits = literal.Replace("_", "");
        long value;
        try
        {
            value = digits.Length > 1 && digits[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B'
                ? Convert.ToInt64(digits.Substring(2), char.ToLowerInvariant(digits[1]) switch { 'x' => 16, 'o' => 8, _ => 2 })
                : long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            throw Fail($"integer literal {literal} does not fit in 64 bits", start);
        }
        Emit(TokenKind.Integer, literal, start, value);
    }

    private bool TryFloat(out int end)
    {
        end = _pos;
        if (_pos > 0 && _src[_pos - 1] == '.') return false;
        int i = Digits(_pos);
        if (i == _pos) return false;
        int afterInt = i;
        bool fraction = false;
        if (i < _src.Length && _src[i] == '.')
        {
            int j = Digits(i + 1);
            if (j > i + 1)
            {
                fraction = true;
                i = j;
            }
        }
        if (i < _src.Length && _src[i] is 'e' or 'E')
        {
            int j = i + 1;
            if (j < _src.Length && _src[j] is '+' or '-') j++;
            int k = Digits(j);
            if (k > j)
            {
                end = k;
                return true;
            }
        }
        if (fraction)
        {
            end = i;
            return true;
        }
        _ = afterInt;
        return false;
    }

    /// <summary>Matches <c>(\d+_)*\d+</c> from <paramref name="i"/>; returns the end (== i when none).</summary>
    private int Digits(int i)
    {
        int end = i;
        int j = i;
        while (true)
        {
            int k = j;
            while (k < _src.Length && char.IsAsciiDigit(_src[k])) k++;
            if (k == j) return end;
            end = k;
            if (k < _src.Length && _src[k] == '_' && k + 1 < _src.Length && char.IsAsciiDigit(_src[k + 1])) j = k + 1;
            else return end;
        }
    }

    private int MatchInteger(int start)
    {
        if (_src[start] == '0' && start + 1 < _src.Length && char.ToLowerInvariant(_src[start + 1]) is 'b' or 'o' or 'x')
        {
            char prefix = char.ToLowerInvariant(_src[start + 1]);
            int i = start + 2;
            int end = -1;
            while (true)
            {
                int j = i;
                if (j < _src.Length && _src[j] == '_') j++;
                if (j < _src.Length && IsDigitOf(_src[j], prefix))
                {
                    i = j + 1;
                    end = i;
                }
                else break;
            }
            if (end > 0) return end;
        }
        if (_src[start] == '0')
        {
            int i = start + 1;
            while (true)
            {
                int j = i;
                if (j < _src.Length && _src[j] == '_') j++;
                if (j < _src.Length && _src[j] == '0') i = j + 1;
                else return i;
            }
        }
        int pos = start + 1;
        while (true)
        {
            int j = pos;
            if (j < _src.Length && _src[j] == '_') j++;
            if (j < _src.Length && char.IsAsciiDigit(_src[j])) pos = j + 1;
            else return pos;
        }

        static bool IsDigitOf(char c, char prefix) => prefix switch
        {
            'b' => c is '0' or '1',
            'o' => c is >= '0' and <= '7',
            _ => char.IsAsciiHexDigit(c),
        };
    }

    private void LexString(char quote)
    {
        int start = _pos;
        int i = _pos + 1;
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= _src.Length) throw Fail($"unexpected char {PyStr.Repr(quote.ToString())} at {start}", start);
            char c = _src[i];
            if (c == quote) break;
            if (c != '\\')
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (i + 1 >= _src.Length) throw Fail($"unexpected char {PyStr.Repr(quote.ToString())} at {start}", start);
            char e = _src[i + 1];
            i += 2;
            switch (e)
            {
                case '\n': break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append(HexEscape(ref i, 2, "\\xXX", start)); break;
                case 'u': sb.Append(HexEscape(ref i, 4, "\\uXXXX", start)); break;
                case 'U': sb.Append(HexEscape(ref i, 8, "\\UXXXXXXXX", start)); break;
                case >= '0' and <= '7':
                    {
                        int value = e - '0';
                        for (int n = 0; n < 2 && i < _src.Length && _src[i] is >= '0' and <= '7'; n++) value = value * 8 + (_src[i++] - '0');
                        sb.Append((char)value);
                        break;
                    }
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }
        _pos = i + 1;
        Emit(TokenKind.String, sb.ToString(), start);
    }

    private string HexEscape(ref int i, int digits, string name, int start)
    {
        if (i + digits > _src.Length || !_src.AsSpan(i, digits).ToString().All(char.IsAsciiHexDigit))
        {
            throw Fail($"truncated {name} escape", start);
        }
        int value = int.Parse(_src.AsSpan(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        i += digits;
        if (value > 0x10FFFF) throw Fail("illegal Unicode character", start);
        return value < 0x10000 ? ((char)value).ToString() : char.ConvertFromUtf32(value);
    }

    private void Emit(TokenKind kind, string value, int offset, object? number = null)
    {
        var (line, column) = Locate(offset);
        _tokens.Add(new Token(kind, value, number, line, column));
    }

    /// <summary>1-based line and column of an offset in the normalized source.</summary>
    public (int Line, int Column) Locate(int offset)
    {
        int index = _lineStarts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    private TemplateException Fail(string message, int offset)
    {
        var (line, column) = Locate(offset);
        return new TemplateException(TemplateErrorKind.Syntax, message, line, column);
    }
}
