using System.Globalization;
using System.Text;

namespace LlamaChat.Jinja.Runtime;

/// <summary>Python's float and int presentation types (f, e, g, %, x, o, b) shared by <c>%</c> and <c>str.format</c>.</summary>
internal static class NumberFormat
{
    /// <summary>Formats a float with a Python presentation type; precision -1 means the default (6).</summary>
    public static string Float(double d, char type, int precision, bool alternate)
    {
        bool upper = char.IsUpper(type);
        if (double.IsNaN(d)) return upper ? "NAN" : "nan";
        if (double.IsInfinity(d)) return (d < 0 ? "-" : "") + (upper ? "INF" : "inf");
        if (precision < 0) precision = 6;
        string result = char.ToLowerInvariant(type) switch
        {
            'f' => Fixed(d, precision),
            'e' => Exponent(d, precision, upper),
            'g' => General(d, precision, upper, alternate),
            '%' => Fixed(d * 100, precision) + "%",
            _ => throw JinjaRuntimeException.Type($"Unknown format code '{type}' for object of type 'float'"),
        };
        if (alternate && precision == 0 && type is 'f' or 'F' or 'e' or 'E' && !result.Contains('.'))
        {
            int e = result.IndexOfAny(['e', 'E']);
            result = e < 0 ? result + "." : result.Insert(e, ".");
        }
        return result;
    }

    public static string Fixed(double d, int precision)
    {
        string s = d.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (d == 0 && double.IsNegative(d) && !s.StartsWith('-')) s = "-" + s;
        return s;
    }

    public static string Exponent(double d, int precision, bool upper)
    {
        string s = d.ToString((upper ? "E" : "e") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // .NET writes at least three exponent digits, Python at least two.
        int e = s.IndexOfAny(['e', 'E']);
        string mantissa = s.Substring(0, e);
        char sign = s[e + 1];
        string digits = s.Substring(e + 2).TrimStart('0');
        if (digits.Length < 2) digits = digits.PadLeft(2, '0');
        if (d == 0 && double.IsNegative(d) && !mantissa.StartsWith('-')) mantissa = "-" + mantissa;
        return mantissa + (upper ? 'E' : 'e') + sign + digits;
    }

    public static string General(double d, int precision, bool upper, bool alternate)
    {
        if (precision == 0) precision = 1;
        if (d == 0)
        {
            string zero = double.IsNegative(d) ? "-0" : "0";
            return alternate ? zero + "." + new string('0', precision - 1) : zero;
        }
        string e = Exponent(d, precision - 1, upper);
        int exp = int.Parse(e.AsSpan(e.IndexOfAny(['e', 'E']) + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string result = exp >= -4 && exp < precision ? Fixed(d, precision - 1 - exp) : e;
        if (!alternate) result = StripZeros(result);
        return result;
    }

    private static string StripZeros(string s)
    {
        int e = s.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? s : s.Substring(0, e);
        string exponent = e < 0 ? "" : s.Substring(e);
        if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        return mantissa + exponent;
    }

    /// <summary>Formats an integer in base 2, 8, 10 or 16 with Python's optional prefix.</summary>
    public static string Integer(long value, char type, bool alternate)
    {
        bool negative = value < 0;
        ulong magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        string digits = type switch
        {
            'x' => magnitude.ToString("x", CultureInfo.InvariantCulture),
            'X' => magnitude.ToString("X", CultureInfo.InvariantCulture),
            'o' => Convert.ToString((long)magnitude, 8),
            'b' => Convert.ToString((long)magnitude, 2),
            _ => magnitude.ToString(CultureInfo.InvariantCulture),
        };
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (alternate)
        {
            sb.Append(type switch { 'x' => "0x", 'X' => "0X", 'o' => "0o", 'b' => "0b", _ => "" });
        }
        sb.Append(digits);
        return sb.ToString();
    }

    /// <summary>Inserts thousands separators into the integer part of a formatted number.</summary>
    public static string Group(string number, char separator)
    {
        int start = number.StartsWith('-') || number.StartsWith('+') || number.StartsWith(' ') ? 1 : 0;
        int end = start;
        while (end < number.Length && char.IsDigit(number[end])) end++;
        var sb = new StringBuilder();
        sb.Append(number, 0, start);
        string digits = number.Substring(start, end - start);
        for (int i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0) sb.Append(separator);
            sb.Append(digits[i]);
        }
        sb.Append(number, end, number.Length - end);
        return sb.ToString();
    }
}
