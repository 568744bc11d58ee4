using System.Globalization;
using System.Numerics;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Filters;

/// <summary>The value filters: default, int, float, round, abs, tojson.</summary>
internal static class ValueFilters
{
    public static void Register(Dictionary<string, FilterFunction> f)
    {
        f["default"] = f["d"] = Default;
        f["int"] = Int;
        f["float"] = Float;
        f["round"] = Round;
        f["abs"] = Abs;
        f["tojson"] = ToJson;
    }

    private static object? Default(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("default", ["default_value", "boolean"]);
        var fallback = CallArgs.Or(bound[0], "");
        bool boolean = PyOps.IsTrue(CallArgs.Or(bound[1], false));
        if (value is Undefined || (boolean && !PyOps.IsTrue(value))) return fallback;
        return value;
    }

    private static object? Int(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("int", ["default", "base"]);
        var fallback = CallArgs.Or(bound[0], PyOps.Box(0));
        long numberBase = CallArgs.IsMissing(bound[1]) ? 10 : PyOps.ToIndex(bound[1], "base");
        switch (value)
        {
            case Undefined u:
                throw u.Fail();
            case long or bool:
                PyOps.TryInt(value, out long l);
                return PyOps.Box(l);
            case double d:
                if (!double.IsFinite(d)) return fallback;
                if (Math.Abs(d) >= 9.2e18) throw JinjaRuntimeException.Type("integer overflow: the result does not fit in 64 bits");
                return PyOps.Box((long)Math.Truncate(d));
            case string or Markup:
                {
                    string s = PyOps.AsString(value)!;
                    if (TryParseInt(s, (int)numberBase, out long parsed)) return PyOps.Box(parsed);
                    if (TryParseFloat(s, out double f) && double.IsFinite(f) && Math.Abs(f) < 9.2e18) return PyOps.Box((long)Math.Truncate(f));
                    return fallback;
                }
            default:
                return fallback;
        }
    }

    private static object? Float(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("float", ["default"]);
        var fallback = CallArgs.Or(bound[0], 0.0);
        switch (value)
        {
            case Undefined u:
                throw u.Fail();
            case long or bool or double:
                return PyOps.ToDouble(value);
            case string or Markup:
                return TryParseFloat(PyOps.AsString(value)!, out double f) ? f : fallback;
            default:
                return fallback;
        }
    }

    /// <summary>Python int(str, base): surrounding whitespace, sign, underscores between digits, base prefixes.</summary>
    public static bool TryParseInt(string text, int numberBase, out long result)
    {
        result = 0;
        string s = PyString.Strip(text, null, true, true);
        bool negative = false;
        if (s.StartsWith('+') || s.StartsWith('-'))
        {
            negative = s[0] == '-';
            s = s.Substring(1);
        }
        if (s.Length > 1 && s[0] == '0' && (numberBase is 0 or 16 && s[1] is 'x' or 'X' || numberBase is 0 or 8 && s[1] is 'o' or 'O' || numberBase is 0 or 2 && s[1] is 'b' or 'B'))
        {
            numberBase = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            s = s.Substring(2).TrimStart('_');
        }
        if (numberBase == 0) numberBase = 10;
        if (s.Length == 0 || s.StartsWith('_') || s.EndsWith('_') || s.Contains("__", StringComparison.Ordinal)) return false;
        BigInteger value = 0;
        bool tooBig = false;
        foreach (char c in s)
        {
            if (c == '_') continue;
            int digit = c >= '0' && c <= '9' ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= numberBase) return false;
            // Past 64 bits the value only has to be recognised as too big; growing it further made a million-digit
            // string take quadratic time (minutes).
            if (tooBig) continue;
            value = value * numberBase + digit;
            tooBig = value > ulong.MaxValue;
        }
        if (tooBig) return false;
        if (negative) value = -value;
        if (value > long.MaxValue || value < long.MinValue) return false;
        result = (long)value;
        return true;
    }

    /// <summary>Python float(str): whitespace, underscores between digits, inf/nan spellings.</summary>
    public static bool TryParseFloat(string text, out double result)
    {
        string s = PyString.Strip(text, null, true, true);
        string lower = s.ToLowerInvariant();
        string unsigned = lower.TrimStart('+', '-');
        bool negative = lower.StartsWith('-');
        if (unsigned is "inf" or "infinity")
        {
            result = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return lower.Length - unsigned.Length <= 1;
        }
        if (unsigned == "nan")
        {
            result = double.NaN;
            return lower.Length - unsigned.Length <= 1;
        }
        if (s.Contains('_'))
        {
            if (s.StartsWith('_') || s.EndsWith('_') || s.Contains("__", StringComparison.Ordinal)) { result = 0; return false; }
            s = s.Replace("_", "");
        }
        if (s.Length == 0 || s.Any(c => !(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')))
        {
            result = 0;
            return false;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }

    private static object? Round(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("round", ["precision", "method"]);
        long precision = CallArgs.IsMissing(bound[0]) ? 0 : PyOps.ToIndex(bound[0], "precision");
        string method = PyStr.Str(CallArgs.Or(bound[1], "common"));
        if (method is not ("common" or "ceil" or "floor")) throw JinjaRuntimeException.Type("method must be common, ceil or floor");
        if (value is Undefined) throw JinjaRuntimeException.Type("type Undefined doesn't define __round__ method");
        if (!PyOps.IsNumber(value)) throw JinjaRuntimeException.Type($"type {PyOps.TypeName(value)} doesn't define __round__ method");
        if (method == "common")
        {
            if (PyOps.TryInt(value, out long l)) return PyOps.Box(RoundInt(l, precision));
            return RoundHalfEven((double)value!, (int)Math.Clamp(precision, -400, 400));
        }
        double scale = Math.Pow(10, precision);
        double x = PyOps.ToDouble(value) * scale;
        return (method == "ceil" ? Math.Ceiling(x) : Math.Floor(x)) / scale;
    }

    private static long RoundInt(long value, long precision)
    {
        if (precision >= 0) return value;
        if (precision < -18) return 0;
        long unit = (long)Math.Pow(10, -precision);
        long q = Math.DivRem(value, unit, out long r);
        long twice = Math.Abs(r) * 2;
        if (twice > unit || (twice == unit && q % 2 != 0)) q += Math.Sign(value);
        return q * unit;
    }

    /// <summary>Python round(x, n): correctly rounded from the exact binary value, ties to even.</summary>
    public static double RoundHalfEven(double x, int digits)
    {
        if (!double.IsFinite(x) || x == 0) return x;
        if (digits > 323) return x;
        long bits = BitConverter.DoubleToInt64Bits(x);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++;
        else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger numerator = mantissa;
        BigInteger denominator = BigInteger.One;
        if (exponent >= 0) numerator <<= exponent;
        else denominator <<= -exponent;
        if (digits >= 0) numerator *= BigInteger.Pow(10, digits);
        else denominator *= BigInteger.Pow(10, -digits);
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        int cmp = (remainder * 2).CompareTo(denominator);
        if (cmp > 0 || (cmp == 0 && !quotient.IsEven)) quotient += 1;
        double result = double.Parse(quotient.ToString(CultureInfo.InvariantCulture) + "e" + (-digits).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return negative ? -result : result;
    }

    private static object? Abs(RenderState state, object? value, CallArgs args)
    {
        args.ExpectNone("abs");
        if (PyOps.TryInt(value, out long l))
        {
            if (l == long.MinValue) throw JinjaRuntimeException.Type("integer overflow: the result does not fit in 64 bits");
            return PyOps.Box(Math.Abs(l));
        }
        if (value is double d) return Math.Abs(d);
        throw JinjaRuntimeException.Type($"bad operand type for abs(): '{PyOps.TypeName(value)}'");
    }

    private static object? ToJson(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("tojson", ["ensure_ascii", "indent", "separators", "sort_keys"]);
        bool ensureAscii = PyOps.IsTrue(CallArgs.Or(bound[0], false));
        var indentArg = CallArgs.Or(bound[1], null);
        string? indent = indentArg switch
        {
            null => null,
            string s => s,
            Markup m => m.Value,
            _ => new string(' ', (int)Math.Clamp(PyOps.ToIndex(indentArg, "indent"), 0, 1000)),
        };
        string? itemSeparator = null;
        string? keySeparator = null;
        var separators = CallArgs.Or(bound[2], null);
        if (separators is not null)
        {
            var pair = PyOps.ToList(separators);
            if (pair.Count != 2) throw JinjaRuntimeException.Type($"expected 2 separators, got {pair.Count}");
            itemSeparator = PyStr.Str(pair[0]);
            keySeparator = PyStr.Str(pair[1]);
        }
        bool sortKeys = PyOps.IsTrue(CallArgs.Or(bound[3], false));
        return new PyJson(ensureAscii, indent, itemSeparator, keySeparator, sortKeys, state.MaxLength).Dumps(value);
    }
}
