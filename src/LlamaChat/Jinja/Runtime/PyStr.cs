using System.Globalization;
using System.Text;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>Python's <c>str()</c> and <c>repr()</c> of template values, byte for byte.</summary>
internal static class PyStr
{
    /// <summary>Data nested deeper than this is refused instead of overflowing the stack.</summary>
    public const int MaxNesting = 512;

    // str() and repr() are reached from everywhere (filters, formatting, error messages) without the render state,
    // yet a list holding the same sub-list twice, n levels deep, prints 2^n times its size: the render (or constant
    // folding) publishes its length limit here for the thread's duration instead of threading it through every caller.
    [ThreadStatic]
    private static long t_maxLength;

    /// <summary>The longest string or list the current render may build.</summary>
    public static long MaxLength => t_maxLength > 0 ? t_maxLength : JinjaOptions.Default.MaxOutputLength;

    /// <summary>Limits the str() and repr() of containers to <paramref name="maxLength"/> characters until disposed.</summary>
    public static LengthLimit LimitLength(long maxLength)
    {
        var previous = t_maxLength;
        t_maxLength = maxLength;
        return new LengthLimit(previous);
    }

    public readonly struct LengthLimit(long previous) : IDisposable
    {
        public void Dispose() => t_maxLength = previous;
    }

    /// <summary>Python <c>str(value)</c>; Undefined prints as "".</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        Markup m => m.Value,
        Undefined => "",
        _ => Repr(value),
    };

    /// <summary>Python <c>repr(value)</c>.</summary>
    public static string Repr(object? value)
    {
        if (value is string s) return StrRepr(s);
        var sb = new StringBuilder();
        long maxLength = MaxLength;
        AppendRepr(sb, value, 0, maxLength);
        PyOps.CheckLength(sb.Length, maxLength);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? value, int depth, long maxLength)
    {
        if (depth > MaxNesting) throw new JinjaRuntimeException(TemplateErrorKind.Limit, "maximum nesting depth exceeded while converting a value to a string");
        PyOps.CheckLength(sb.Length, maxLength);
        switch (value)
        {
            case string s:
                AppendStrRepr(sb, s);
                return;
            case Markup m:
                sb.Append("Markup(");
                AppendStrRepr(sb, m.Value);
                sb.Append(')');
                return;
            case Undefined:
                sb.Append("Undefined");
                return;
            case List<object?> list:
                sb.Append('[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRepr(sb, list[i], depth + 1, maxLength);
                }
                sb.Append(']');
                return;
            case PyTuple tuple:
                sb.Append('(');
                for (int i = 0; i < tuple.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRepr(sb, tuple[i], depth + 1, maxLength);
                }
                if (tuple.Count == 1) sb.Append(',');
                sb.Append(')');
                return;
            case PyDict dict:
                sb.Append('{');
                bool first = true;
                foreach (var pair in dict.Pairs)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendRepr(sb, pair.Key, depth + 1, maxLength);
                    sb.Append(": ");
                    AppendRepr(sb, pair.Value, depth + 1, maxLength);
                }
                sb.Append('}');
                return;
            case PyNamespace ns:
                sb.Append("<Namespace {");
                bool firstAttr = true;
                foreach (var pair in ns.Attributes)
                {
                    if (!firstAttr) sb.Append(", ");
                    firstAttr = false;
                    AppendStrRepr(sb, pair.Key);
                    sb.Append(": ");
                    AppendRepr(sb, pair.Value, depth + 1, maxLength);
                }
                sb.Append("}>");
                return;
            case PyIterable iterable:
                sb.Append(iterable.Repr());
                return;
            case IJinjaCallable callable:
                sb.Append(callable.Repr());
                return;
            case null or bool or long or double:
                sb.Append(Str(value));
                return;
            default:
                // Every other value type supplies its Python repr through ToString (never back through Str).
                sb.Append(value.ToString());
                return;
        }
    }

    /// <summary>Python <c>repr(str)</c>: single quotes unless the text holds only single quotes, escapes for non-printables.</summary>
    public static string StrRepr(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendStrRepr(sb, s);
        return sb.ToString();
    }

    private static void AppendStrRepr(StringBuilder sb, string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == quote || c == '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (c < ' ' || c == '\x7f') sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else if (c < '\x7f') sb.Append(c);
            else
            {
                int cp = c;
                int width = 1;
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    cp = char.ConvertToUtf32(c, s[i + 1]);
                    width = 2;
                }
                if (PyString.IsPrintable(cp)) sb.Append(s, i, width);
                else if (cp <= 0xff) sb.Append("\\x").Append(cp.ToString("x2", CultureInfo.InvariantCulture));
                else if (cp <= 0xffff) sb.Append("\\u").Append(cp.ToString("x4", CultureInfo.InvariantCulture));
                else sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                i += width - 1;
            }
        }
        sb.Append(quote);
    }

    /// <summary>Python <c>repr(float)</c>: the shortest round-tripping digits, scientific below 1e-4 and from 1e16.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        ShortestDigits(d, out bool negative, out string digits, out int decpt);
        var sb = new StringBuilder(24);
        if (negative) sb.Append('-');
        if (decpt <= -4 || decpt > 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            int exp = decpt - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            int absExp = Math.Abs(exp);
            if (absExp < 10) sb.Append('0');
            sb.Append(absExp.ToString(CultureInfo.InvariantCulture));
        }
        else if (decpt <= 0)
        {
            sb.Append("0.").Append('0', -decpt).Append(digits);
        }
        else if (decpt >= digits.Length)
        {
            sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The shortest round-tripping decimal digits of a finite non-zero double, with the value being
    /// 0.DIGITS × 10^decpt.
    /// </summary>
    public static void ShortestDigits(double d, out bool negative, out string digits, out int decpt)
    {
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        negative = r[0] == '-';
        int start = negative ? 1 : 0;
        int e = r.IndexOfAny(['E', 'e']);
        int exp = 0;
        string mantissa;
        if (e >= 0)
        {
            exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = r.Substring(start, e - start);
        }
        else
        {
            mantissa = r.Substring(start);
        }
        int point = mantissa.IndexOf('.');
        if (point < 0) point = mantissa.Length;
        string all = mantissa.Replace(".", "");
        int leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0') leadingZeros++;
        digits = all.Substring(leadingZeros).TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        decpt = point - leadingZeros + exp;
    }
}
