using System.Text;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>Python's <c>str.format</c> with the format-spec mini-language; field lookups follow the sandbox rules.</summary>
internal static class StrFormat
{
    public static string Format(string format, CallArgs args, PyDict? mapping, long maxLength, int depth = 0)
    {
        if (depth > 2) throw JinjaRuntimeException.Type("Max string recursion exceeded");
        var sb = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i];
            if (c == '{')
            {
                if (i + 1 < format.Length && format[i + 1] == '{')
                {
                    sb.Append('{');
                    i += 2;
                    continue;
                }
                int end = FindFieldEnd(format, i + 1);
                string field = format.Substring(i + 1, end - i - 1);
                sb.Append(FormatField(field, args, mapping, ref auto, maxLength, depth));
                PyOps.CheckLength(sb.Length, maxLength);
                i = end + 1;
            }
            else if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    sb.Append('}');
                    i += 2;
                    continue;
                }
                throw JinjaRuntimeException.Type("Single '}' encountered in format string");
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        return sb.ToString();
    }

    private static int FindFieldEnd(string format, int start)
    {
        int nesting = 1;
        for (int i = start; i < format.Length; i++)
        {
            if (format[i] == '{') nesting++;
            else if (format[i] == '}' && --nesting == 0) return i;
        }
        throw JinjaRuntimeException.Type("expected '}' before end of string");
    }

    private static string FormatField(string field, CallArgs args, PyDict? mapping, ref int auto, long maxLength, int depth)
    {
        string? spec = null;
        char conversion = '\0';
        int colon = IndexOutsideBrackets(field, ':');
        if (colon >= 0)
        {
            spec = field.Substring(colon + 1);
            field = field.Substring(0, colon);
        }
        int bang = IndexOutsideBrackets(field, '!');
        if (bang >= 0)
        {
            if (bang + 2 != field.Length) throw JinjaRuntimeException.Type("expected ':' after conversion specifier");
            conversion = field[bang + 1];
            field = field.Substring(0, bang);
        }
        int nameEnd = 0;
        while (nameEnd < field.Length && field[nameEnd] is not ('.' or '[')) nameEnd++;
        string name = field.Substring(0, nameEnd);
        object? value;
        if (name.Length == 0)
        {
            if (mapping is not null) throw JinjaRuntimeException.Type("Format string contains positional fields");
            value = Positional(args, auto++);
        }
        else if (int.TryParse(name, out int index))
        {
            value = Positional(args, index);
        }
        else
        {
            value = Keyword(args, mapping, name);
        }
        int pos = nameEnd;
        while (pos < field.Length)
        {
            if (field[pos] == '.')
            {
                int next = pos + 1;
                while (next < field.Length && field[next] is not ('.' or '[')) next++;
                value = Members.GetAttr(value, field.Substring(pos + 1, next - pos - 1));
                pos = next;
            }
            else
            {
                int close = field.IndexOf(']', pos);
                if (close < 0) throw JinjaRuntimeException.Type("Missing ']' in format string");
                string key = field.Substring(pos + 1, close - pos - 1);
                value = Members.GetItem(value, int.TryParse(key, out int k) ? PyOps.Box(k) : key);
                pos = close + 1;
            }
        }
        value = conversion switch
        {
            '\0' => value,
            's' => PyStr.Str(value),
            'r' or 'a' => PyStr.Repr(value),
            _ => throw JinjaRuntimeException.Type($"Unknown conversion specifier {conversion}"),
        };
        if (spec is not null && spec.Contains('{')) spec = Format(spec, args, mapping, maxLength, depth + 1);
        return FormatValue(value, spec ?? "");
    }

    private static int IndexOutsideBrackets(string field, char target)
    {
        bool inBracket = false;
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '[') inBracket = true;
            else if (field[i] == ']') inBracket = false;
            else if (field[i] == target && !inBracket) return i;
        }
        return -1;
    }

    private static object? Positional(CallArgs args, int index)
    {
        if (index >= args.Count) throw JinjaRuntimeException.Type($"Replacement index {index} out of range for positional args tuple");
        return args.Positional[index];
    }

    private static object? Keyword(CallArgs args, PyDict? mapping, string name)
    {
        if (mapping is not null)
        {
            if (mapping.TryGetValue(name, out var value)) return value;
        }
        else if (args.Named is not null)
        {
            foreach (var pair in args.Named)
            {
                if (pair.Key == name) return pair.Value;
            }
        }
        throw JinjaRuntimeException.Type($"KeyError: {PyStr.Repr(name)}");
    }

    /// <summary>Python's <c>format(value, spec)</c>.</summary>
    public static string FormatValue(object? value, string spec)
    {
        if (spec.Length == 0) return PyStr.Str(value);
        var parsed = Spec.Parse(spec);
        string body;
        bool numeric = false;
        switch (value)
        {
            case string or Markup:
                if (parsed.Type is not ('\0' or 's')) throw JinjaRuntimeException.Type($"Unknown format code '{parsed.Type}' for object of type 'str'");
                body = PyOps.AsString(value)!;
                if (parsed.Precision >= 0 && parsed.Precision < body.Length) body = body.Substring(0, parsed.Precision);
                break;
            case long or bool:
                {
                    PyOps.TryInt(value, out long l);
                    numeric = true;
                    if (parsed.Type is 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or '%')
                    {
                        body = NumberFormat.Float(l, parsed.Type, parsed.Precision, parsed.Alternate);
                    }
                    else if (parsed.Type == 'c')
                    {
                        body = PyString.FromCodePoint(l);
                        numeric = false;
                    }
                    else if (parsed.Type is '\0' or 'd' or 'n' or 'x' or 'X' or 'o' or 'b')
                    {
                        body = NumberFormat.Integer(l, parsed.Type, parsed.Alternate);
                    }
                    else throw JinjaRuntimeException.Type($"Unknown format code '{parsed.Type}' for object of type 'int'");
                    break;
                }
            case double d:
                numeric = true;
                if (parsed.Type == '\0')
                {
                    body = parsed.Precision < 0 ? PyStr.FloatRepr(d) : NumberFormat.General(d, parsed.Precision, false, parsed.Alternate);
                }
                else if (parsed.Type is 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or '%' or 'n')
                {
                    body = NumberFormat.Float(d, parsed.Type == 'n' ? 'g' : parsed.Type, parsed.Precision, parsed.Alternate);
                }
                else throw JinjaRuntimeException.Type($"Unknown format code '{parsed.Type}' for object of type 'float'");
                break;
            case Undefined u:
                throw u.Fail();
            default:
                throw JinjaRuntimeException.Type($"unsupported format string passed to {PyOps.TypeName(value)}.__format__");
        }
        if (numeric)
        {
            if (parsed.Grouping != '\0') body = NumberFormat.Group(body, parsed.Grouping);
            if (!body.StartsWith('-'))
            {
                if (parsed.Sign == '+') body = "+" + body;
                else if (parsed.Sign == ' ') body = " " + body;
            }
        }
        char align = parsed.Align != '\0' ? parsed.Align : (numeric ? '>' : '<');
        char fill = parsed.Fill;
        if (parsed.ZeroPad && parsed.Align == '\0' && numeric)
        {
            align = '=';
            fill = '0';
        }
        int width = parsed.Width;
        int length = PyString.Length(body);
        if (width <= length) return body;
        int pad = width - length;
        return align switch
        {
            '<' => body + new string(fill, pad),
            '>' => new string(fill, pad) + body,
            '^' => new string(fill, pad / 2) + body + new string(fill, pad - pad / 2),
            _ => SignAware(body, fill, pad),
        };

        static string SignAware(string body, char fill, int pad)
        {
            int sign = body.Length > 0 && body[0] is '-' or '+' or ' ' ? 1 : 0;
            if (body.Length > sign + 1 && body[sign] == '0' && body[sign + 1] is 'x' or 'X' or 'o' or 'b') sign += 2;
            return body.Substring(0, sign) + new string(fill, pad) + body.Substring(sign);
        }
    }

    private readonly record struct Spec(char Fill, char Align, char Sign, bool Alternate, bool ZeroPad, int Width, char Grouping, int Precision, char Type)
    {
        public static Spec Parse(string spec)
        {
            char fill = ' ', align = '\0', sign = '\0', grouping = '\0', type = '\0';
            bool alternate = false, zero = false;
            int width = 0, precision = -1;
            int i = 0;
            if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=')
            {
                fill = spec[0];
                align = spec[1];
                i = 2;
            }
            else if (spec.Length >= 1 && spec[0] is '<' or '>' or '^' or '=')
            {
                align = spec[0];
                i = 1;
            }
            if (i < spec.Length && spec[i] is '+' or '-' or ' ') sign = spec[i++];
            if (i < spec.Length && spec[i] == '#')
            {
                alternate = true;
                i++;
            }
            if (i < spec.Length && spec[i] == '0')
            {
                zero = true;
                i++;
            }
            while (i < spec.Length && char.IsAsciiDigit(spec[i])) width = Math.Min(width * 10 + (spec[i++] - '0'), 1_000_000);
            if (i < spec.Length && spec[i] is ',' or '_') grouping = spec[i++];
            if (i < spec.Length && spec[i] == '.')
            {
                i++;
                precision = 0;
                while (i < spec.Length && char.IsAsciiDigit(spec[i])) precision = Math.Min(precision * 10 + (spec[i++] - '0'), 1000);
            }
            if (i < spec.Length) type = spec[i++];
            if (i < spec.Length) throw JinjaRuntimeException.Type("Invalid format specifier");
            return new Spec(fill, align, sign, alternate, zero, width, grouping, precision, type);
        }
    }
}
