using System.Globalization;
using System.Numerics;
using System.Text;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// Writes GBNF that matches exactly the decimal integers in a range (no leading zeros, no "-0"), digit by
/// digit: a range of same-length numbers splits on its first differing digit into a low part, a full middle
/// and a high part.
/// </summary>
internal static class IntegerRangeGbnf
{
    /// <summary>Digits allowed for a number with no upper bound (about the range a double keeps exact).</summary>
    public const int UnboundedDigits = 16;

    /// <summary>GBNF for the integers in [<paramref name="min"/>, <paramref name="max"/>]; a null bound is open.</summary>
    public static string Range(BigInteger? min, BigInteger? max)
    {
        if (min is { } lo && max is { } hi && lo > hi)
            throw new ArgumentException("empty range");
        var options = new List<string>();
        // Negative part: "-" followed by the magnitudes.
        if (min is null || min < 0)
        {
            var magnitudeMin = max is { } h && h < 0 ? -h : BigInteger.One;
            BigInteger? magnitudeMax = min is { } l ? -l : null;
            if (magnitudeMax is null || magnitudeMin <= magnitudeMax)
                options.Add("\"-\" " + Wrap(NonNegative(magnitudeMin, magnitudeMax)));
        }
        if (max is null || max >= 0)
        {
            var from = min is { } l && l > 0 ? l : BigInteger.Zero;
            options.Add(NonNegative(from, max));
        }
        return options.Count == 1 ? options[0] : "( " + string.Join(" | ", options) + " )";
    }

    /// <summary>GBNF for the non-negative integers in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static string NonNegative(BigInteger min, BigInteger? max)
    {
        var lo = min.ToString(CultureInfo.InvariantCulture);
        var hiLength = max is { } m ? m.ToString(CultureInfo.InvariantCulture).Length : Math.Max(UnboundedDigits, lo.Length);
        var hi = max?.ToString(CultureInfo.InvariantCulture) ?? new string('9', hiLength);
        var options = new List<string>();
        if (lo.Length == hi.Length)
        {
            options.Add(SameLength(lo, hi));
        }
        else
        {
            options.Add(SameLength(lo, new string('9', lo.Length)));
            // Every number with a length strictly between the bounds' lengths.
            var first = lo.Length + 1;
            var last = hi.Length - 1;
            if (first <= last)
                options.Add($"[1-9] [0-9]{Count(first - 1, last - 1)}");
            options.Add(SameLength("1" + new string('0', hi.Length - 1), hi));
        }
        return options.Count == 1 ? options[0] : "( " + string.Join(" | ", options) + " )";
    }

    private static string Count(int min, int max) => min == max ? $"{{{min}}}" : $"{{{min},{max}}}";

    // Strings of digits of one length between lo and hi (inclusive); inner positions may be zero.
    private static string SameLength(string lo, string hi)
    {
        if (lo.Length == 0)
            return "\"\"";
        if (lo == hi)
            return "\"" + lo + "\"";
        if (lo.Length == 1)
            return Digits(lo[0], hi[0]);
        if (lo[0] == hi[0])
            return "\"" + lo[0] + "\" " + Wrap(SameLength(lo[1..], hi[1..]));
        var rest = lo.Length - 1;
        var lowRestIsZero = lo[1..].All(c => c == '0');
        var highRestIsNine = hi[1..].All(c => c == '9');
        var options = new List<string>();
        var middleFrom = lo[0];
        var middleTo = hi[0];
        if (!lowRestIsZero)
        {
            options.Add("\"" + lo[0] + "\" " + Wrap(SameLength(lo[1..], new string('9', rest))));
            middleFrom++;
        }
        if (!highRestIsNine)
            middleTo--;
        if (middleFrom <= middleTo)
            options.Add(Digits(middleFrom, middleTo) + $" [0-9]{{{rest}}}");
        if (!highRestIsNine)
            options.Add("\"" + hi[0] + "\" " + Wrap(SameLength(new string('0', rest), hi[1..])));
        return options.Count == 1 ? options[0] : "( " + string.Join(" | ", options) + " )";
    }

    private static string Digits(char from, char to) => from == to ? "\"" + from + "\"" : $"[{from}-{to}]";

    private static string Wrap(string expression) => expression.StartsWith('(') || !expression.Contains(' ') ? expression : "( " + expression + " )";
}
