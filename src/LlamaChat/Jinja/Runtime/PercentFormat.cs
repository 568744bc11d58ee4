using System.Text;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>Python's printf-style <c>str % args</c> formatting.</summary>
internal static class PercentFormat
{
    public static string Format(string format, object? args, long maxLength, bool escape)
    {
        IReadOnlyList<object?> positional = args is PyTuple t ? t : [args];
        PyDict? mapping = args as PyDict;
        // Python treats any non-tuple, non-str argument with __getitem__ (list, dict, Undefined) as a mapping:
        // it may go unused without the "not all arguments converted" error.
        bool mappingLike = args is PyDict or List<object?> or Undefined or PyIterable { TypeName: "range" };
        int next = 0;
        bool usedMapping = false;
        var sb = new StringBuilder();
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.Length) throw JinjaRuntimeException.Type("incomplete format");
            object? value = null;
            bool haveValue = false;
            if (format[i] == '(')
            {
                int close = format.IndexOf(')', i);
                if (close < 0) throw JinjaRuntimeException.Type("incomplete format key");
                string key = format.Substring(i + 1, close - i - 1);
                if (args is Undefined undefinedArgs) throw undefinedArgs.Fail();
                if (args is List<object?>) throw JinjaRuntimeException.Type("list indices must be integers or slices, not str");
                if (mapping is null) throw JinjaRuntimeException.Type("format requires a mapping");
                if (!mapping.TryGetValue(key, out value)) throw JinjaRuntimeException.Type($"KeyError: {PyStr.Repr(key)}");
                haveValue = true;
                usedMapping = true;
                i = close + 1;
            }
            bool left = false, plus = false, space = false, alternate = false, zero = false;
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '-': left = true; continue;
                    case '+': plus = true; continue;
                    case ' ': space = true; continue;
                    case '#': alternate = true; continue;
                    case '0': zero = true; continue;
                }
                break;
            }
            int width = ReadNumber(format, ref i, positional, ref next);
            int precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = Math.Max(0, ReadNumber(format, ref i, positional, ref next));
            }
            while (i < format.Length && format[i] is 'h' or 'l' or 'L') i++;
            if (i >= format.Length) throw JinjaRuntimeException.Type("incomplete format");
            char type = format[i++];
            if (type == '%')
            {
                sb.Append('%');
                continue;
            }
            if (!haveValue)
            {
                if (next >= positional.Count) throw JinjaRuntimeException.Type("not enough arguments for format string");
                value = positional[next++];
            }
            string text = Convert(value, type, precision, alternate, plus, space, escape);
            if (width > text.Length)
            {
                if (left) text = text.PadRight(width);
                else if (zero && type is not ('s' or 'r' or 'a' or 'c'))
                {
                    int signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
                    text = text.Substring(0, signLength) + new string('0', width - text.Length) + text.Substring(signLength);
                }
                else text = text.PadLeft(width);
            }
            PyOps.CheckLength(sb.Length + (long)text.Length, maxLength);
            sb.Append(text);
        }
        if (!usedMapping && !mappingLike && next < positional.Count)
        {
            throw JinjaRuntimeException.Type("not all arguments converted during string formatting");
        }
        return sb.ToString();
    }

    private static int ReadNumber(string format, ref int i, IReadOnlyList<object?> positional, ref int next)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            if (next >= positional.Count) throw JinjaRuntimeException.Type("not enough arguments for format string");
            // Capped like a written-out number: a huge width or precision would otherwise wrap around when cast to int.
            return (int)Math.Clamp(PyOps.ToIndex(positional[next++], "* wants int"), -1_000_000, 1_000_000);
        }
        int n = 0;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            n = Math.Min(n * 10 + (format[i] - '0'), 1_000_000);
            i++;
        }
        return n;
    }

    private static string Convert(object? value, char type, int precision, bool alternate, bool plus, bool space, bool escape)
    {
        switch (type)
        {
            case 's' or 'r' or 'a':
                {
                    if (value is Undefined u && type != 's') throw u.Fail();
                    string s = type == 's' ? PyStr.Str(value) : PyStr.Repr(value);
                    if (escape && value is not Markup) s = Markup.EscapeText(s);
                    if (precision >= 0 && precision < s.Length) s = s.Substring(0, precision);
                    return s;
                }
            case 'c':
                if (PyOps.AsString(value) is { Length: 1 } ch) return ch;
                if (PyOps.TryInt(value, out long cp)) return PyString.FromCodePoint(cp);
                throw JinjaRuntimeException.Type("%c requires int or char");
        }
        if (value is Undefined undefined) throw undefined.Fail();
        if (!PyOps.IsNumber(value)) throw JinjaRuntimeException.Type($"%{type} format: a real number is required, not {PyOps.TypeName(value)}");
        string body;
        bool negative;
        switch (type)
        {
            case 'd' or 'i' or 'u':
                {
                    long l = value is double d ? (long)Math.Truncate(d) : (PyOps.TryInt(value, out var x) ? x : 0);
                    body = NumberFormat.Integer(l, 'd', false);
                    break;
                }
            case 'x' or 'X' or 'o':
                {
                    if (value is double) throw JinjaRuntimeException.Type($"%{type} format: an integer is required, not float");
                    PyOps.TryInt(value, out long l);
                    body = NumberFormat.Integer(l, type, alternate);
                    break;
                }
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
                body = NumberFormat.Float(PyOps.ToDouble(value), type, precision, alternate);
                break;
            default:
                throw JinjaRuntimeException.Type($"unsupported format character '{type}'");
        }
        negative = body.StartsWith('-');
        if (!negative && plus) body = "+" + body;
        else if (!negative && space) body = " " + body;
        return body;
    }
}
