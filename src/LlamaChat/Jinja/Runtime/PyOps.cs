using System.Numerics;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>Python value semantics for template values: truthiness, equality, ordering, arithmetic, membership, iteration.</summary>
internal static class PyOps
{
    private static readonly object[] SmallInts = Enumerable.Range(-16, 529).Select(i => (object)(long)i).ToArray();
    public static readonly object True = true;
    public static readonly object False = false;

    /// <summary>Boxes an integer, reusing boxes for small values.</summary>
    public static object Box(long value) => value >= -16 && value <= 512 ? SmallInts[value + 16] : value;

    public static object Box(bool value) => value ? True : False;

    /// <summary>The Python type name of a value, as it appears in Python error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        Markup => "Markup",
        List<object?> => "list",
        PyTuple => "tuple",
        PyDict => "dict",
        PyNamespace => "Namespace",
        Undefined => "Undefined",
        PyIterable it => it.TypeName,
        IJinjaCallable c => c.TypeName,
        _ => value.GetType().Name,
    };

    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        List<object?> list => list.Count > 0,
        PyDict dict => dict.Count > 0,
        Undefined => false,
        PyTuple t => t.Count > 0,
        Markup m => m.Value.Length > 0,
        PyIterable it => it.Items is null || it.Items.Count > 0,
        _ => true,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static bool IsString(object? value) => value is string or Markup;

    /// <summary>The text of a str or Markup, null for anything else.</summary>
    public static string? AsString(object? value) => value switch
    {
        string s => s,
        Markup m => m.Value,
        _ => null,
    };

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw JinjaRuntimeException.Type($"must be real number, not {TypeName(value)}"),
    };

    /// <summary>An int-like value (int or bool) as long; false for anything else.</summary>
    public static bool TryInt(object? value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case bool b: result = b ? 1 : 0; return true;
            default: result = 0; return false;
        }
    }

    public static long ToIndex(object? value, string what = "indices")
    {
        if (TryInt(value, out long l)) return l;
        if (value is Undefined u) throw u.Fail();
        throw JinjaRuntimeException.Type($"{what} must be integers, not {TypeName(value)}");
    }

    public static bool PyEquals(object? a, object? b)
    {
        long work = 0;
        return PyEquals(a, b, 0, ref work);
    }

    /// <summary>
    /// Counts the items a comparison or hash visits. A list holding the same sub-list twice per level is small in
    /// memory but visits 2^depth items (Python hangs on it): past as many items as the longest list a render may
    /// build, the values are refused.
    /// </summary>
    public static void SpendWork(ref long work, int items)
    {
        work += items;
        if (work > PyStr.MaxLength)
        {
            throw new JinjaRuntimeException(TemplateErrorKind.Limit, $"comparing or hashing visits more than {PyStr.MaxLength} items (a structure sharing its sub-lists)");
        }
    }

    private static bool PyEquals(object? a, object? b, int depth, ref long work)
    {
        if (ReferenceEquals(a, b)) return a is not double d || !double.IsNaN(d);
        if (depth > PyStr.MaxNesting) throw new JinjaRuntimeException(TemplateErrorKind.Limit, "maximum nesting depth exceeded in comparison");
        switch (a)
        {
            case string sa:
                return b switch
                {
                    string sb => string.Equals(sa, sb, StringComparison.Ordinal),
                    Markup mb => string.Equals(sa, mb.Value, StringComparison.Ordinal),
                    _ => false,
                };
            case Markup ma:
                return AsString(b) is { } s2 && string.Equals(ma.Value, s2, StringComparison.Ordinal);
            case long or bool or double:
                if (!IsNumber(b)) return false;
                if (a is double || b is double) return ToDouble(a) == ToDouble(b);
                TryInt(a, out long la);
                TryInt(b, out long lb);
                return la == lb;
            case null:
                return b is null;
            case List<object?> listA:
                if (b is not List<object?> listB || listA.Count != listB.Count) return false;
                SpendWork(ref work, listA.Count);
                for (int i = 0; i < listA.Count; i++)
                {
                    if (!PyEquals(listA[i], listB[i], depth + 1, ref work)) return false;
                }
                return true;
            case PyTuple ta:
                if (b is not PyTuple tb || ta.Count != tb.Count) return false;
                SpendWork(ref work, ta.Count);
                for (int i = 0; i < ta.Count; i++)
                {
                    if (!PyEquals(ta[i], tb[i], depth + 1, ref work)) return false;
                }
                return true;
            case PyDict da:
                if (b is not PyDict db || da.Count != db.Count) return false;
                SpendWork(ref work, da.Count);
                foreach (var pair in da.Pairs)
                {
                    if (!PyKeyComparer.IsHashable(pair.Key) || !db.TryGetValue(pair.Key, out var other) || !PyEquals(pair.Value, other, depth + 1, ref work)) return false;
                }
                return true;
            case Undefined:
                return b is Undefined;
            case PyIterable { TypeName: "range", Items: { } ra }:
                if (b is not PyIterable { TypeName: "range", Items: { } rb } || ra.Count != rb.Count) return false;
                SpendWork(ref work, ra.Count);
                for (int i = 0; i < ra.Count; i++)
                {
                    if (!PyEquals(ra[i], rb[i], depth + 1, ref work)) return false;
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>Python ordering; throws TypeError for unorderable pairs (op is used in the message).</summary>
    public static int Compare(object? a, object? b, string op)
    {
        long work = 0;
        return Compare(a, b, op, 0, ref work);
    }

    private static int Compare(object? a, object? b, string op, int depth, ref long work)
    {
        if (a is Undefined ua) throw ua.Fail();
        if (b is Undefined ub) throw ub.Fail();
        if (depth > PyStr.MaxNesting) throw new JinjaRuntimeException(TemplateErrorKind.Limit, "maximum nesting depth exceeded in comparison");
        if (IsNumber(a) && IsNumber(b))
        {
            if (a is double || b is double) return ToDouble(a).CompareTo(ToDouble(b));
            TryInt(a, out long la);
            TryInt(b, out long lb);
            return la.CompareTo(lb);
        }
        if (AsString(a) is { } sa && AsString(b) is { } sb) return PyString.CompareCodePoints(sa, sb);
        if (a is List<object?> listA && b is List<object?> listB) return CompareSequences(listA, listB, op, depth, ref work);
        if (a is PyTuple ta && b is PyTuple tb) return CompareSequences(ta, tb, op, depth, ref work);
        throw JinjaRuntimeException.Type($"'{op}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    private static int CompareSequences(IReadOnlyList<object?> a, IReadOnlyList<object?> b, string op, int depth, ref long work)
    {
        int n = Math.Min(a.Count, b.Count);
        SpendWork(ref work, n);
        for (int i = 0; i < n; i++)
        {
            if (PyEquals(a[i], b[i], depth + 1, ref work)) continue;
            return Compare(a[i], b[i], op, depth + 1, ref work);
        }
        return a.Count.CompareTo(b.Count);
    }

    /// <summary>Evaluates a comparison operator; NaN compares false as in Python.</summary>
    public static bool CompareOp(string op, object? a, object? b)
    {
        switch (op)
        {
            case "==": return PyEquals(a, b);
            case "!=": return !PyEquals(a, b);
        }
        if ((a is double da && double.IsNaN(da)) || (b is double db && double.IsNaN(db)))
        {
            if (IsNumber(a) && IsNumber(b)) return false;
        }
        int c = Compare(a, b, op);
        return op switch
        {
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            ">=" => c >= 0,
            _ => throw new InvalidOperationException(op),
        };
    }

    private static JinjaRuntimeException Unsupported(string op, object? a, object? b) =>
        JinjaRuntimeException.Type($"unsupported operand type(s) for {op}: '{TypeName(a)}' and '{TypeName(b)}'");

    private static void FailIfUndefined(object? a, object? b)
    {
        if (a is Undefined ua) throw ua.Fail();
        if (b is Undefined ub) throw ub.Fail();
    }

    private static JinjaRuntimeException Overflow() =>
        JinjaRuntimeException.Type("integer overflow: the result does not fit in 64 bits");

    public static object? Add(object? a, object? b, long maxLength)
    {
        FailIfUndefined(a, b);
        if (a is string sa && b is string sb)
        {
            CheckLength((long)sa.Length + sb.Length, maxLength);
            return string.Concat(sa, sb);
        }
        if (TryInt(a, out long la) && TryInt(b, out long lb))
        {
            try { return Box(checked(la + lb)); }
            catch (OverflowException) { throw Overflow(); }
        }
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a) + ToDouble(b);
        if (a is Markup || b is Markup)
        {
            if (IsString(a) && IsString(b))
            {
                string left = a is Markup ma ? ma.Value : Markup.EscapeText((string)a!);
                string right = b is Markup mb ? mb.Value : Markup.EscapeText((string)b!);
                CheckLength((long)left.Length + right.Length, maxLength);
                return new Markup(left + right);
            }
        }
        if (a is List<object?> listA && b is List<object?> listB)
        {
            CheckLength((long)listA.Count + listB.Count, maxLength);
            var result = new List<object?>(listA.Count + listB.Count);
            result.AddRange(listA);
            result.AddRange(listB);
            return result;
        }
        if (a is PyTuple ta && b is PyTuple tb)
        {
            CheckLength((long)ta.Count + tb.Count, maxLength);
            return new PyTuple([.. ta.Items, .. tb.Items]);
        }
        if (a is string or Markup) throw JinjaRuntimeException.Type($"can only concatenate str (not \"{TypeName(b)}\") to str");
        if (a is List<object?>) throw JinjaRuntimeException.Type($"can only concatenate list (not \"{TypeName(b)}\") to list");
        if (a is PyTuple) throw JinjaRuntimeException.Type($"can only concatenate tuple (not \"{TypeName(b)}\") to tuple");
        throw Unsupported("+", a, b);
    }

    public static void CheckLength(long length, long maxLength)
    {
        if (length > maxLength)
        {
            throw new JinjaRuntimeException(TemplateErrorKind.Limit, $"a string or list of {length} items exceeds the output size limit of {maxLength}");
        }
    }

    public static object? Sub(object? a, object? b)
    {
        FailIfUndefined(a, b);
        if (TryInt(a, out long la) && TryInt(b, out long lb))
        {
            try { return Box(checked(la - lb)); }
            catch (OverflowException) { throw Overflow(); }
        }
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a) - ToDouble(b);
        throw Unsupported("-", a, b);
    }

    public static object? Mul(object? a, object? b, long maxLength)
    {
        FailIfUndefined(a, b);
        if (TryInt(a, out long la) && TryInt(b, out long lb))
        {
            try { return Box(checked(la * lb)); }
            catch (OverflowException) { throw Overflow(); }
        }
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a) * ToDouble(b);
        if (TryInt(b, out long times) && !IsNumber(a)) return Repeat(a, times, maxLength, b);
        if (TryInt(a, out times) && !IsNumber(b)) return Repeat(b, times, maxLength, a);
        throw Unsupported("*", a, b);
    }

    private static object Repeat(object? seq, long times, long maxLength, object? other)
    {
        if (times < 0) times = 0;
        switch (seq)
        {
            case string s:
                CheckLength(s.Length * Math.Min(times, maxLength + 1), maxLength);
                return times == 0 || s.Length == 0 ? "" : new System.Text.StringBuilder(s.Length * (int)times).Insert(0, s, (int)times).ToString();
            case Markup m:
                return new Markup((string)Repeat(m.Value, times, maxLength, other));
            case List<object?> list:
                {
                    CheckLength(list.Count * Math.Min(times, maxLength + 1), maxLength);
                    var result = new List<object?>((int)(list.Count * times));
                    for (long i = 0; i < times; i++) result.AddRange(list);
                    return result;
                }
            case PyTuple tuple:
                {
                    CheckLength(tuple.Count * Math.Min(times, maxLength + 1), maxLength);
                    var result = new List<object?>((int)(tuple.Count * times));
                    for (long i = 0; i < times; i++) result.AddRange(tuple.Items);
                    return new PyTuple(result.ToArray());
                }
            default:
                throw JinjaRuntimeException.Type($"can't multiply sequence by non-int of type '{TypeName(other)}'");
        }
    }

    public static object? TrueDiv(object? a, object? b)
    {
        FailIfUndefined(a, b);
        if (!IsNumber(a) || !IsNumber(b)) throw Unsupported("/", a, b);
        double y = ToDouble(b);
        if (y == 0) throw JinjaRuntimeException.Type("division by zero");
        return ToDouble(a) / y;
    }

    public static object? FloorDiv(object? a, object? b)
    {
        FailIfUndefined(a, b);
        if (TryInt(a, out long la) && TryInt(b, out long lb))
        {
            if (lb == 0) throw JinjaRuntimeException.Type("integer division or modulo by zero");
            if (la == long.MinValue && lb == -1) throw Overflow();
            long q = la / lb;
            if ((la % lb != 0) && ((la < 0) != (lb < 0))) q--;
            return Box(q);
        }
        if (IsNumber(a) && IsNumber(b))
        {
            double y = ToDouble(b);
            if (y == 0) throw JinjaRuntimeException.Type("float floor division by zero");
            return Math.Floor(ToDouble(a) / y);
        }
        throw Unsupported("//", a, b);
    }

    public static object? Mod(object? a, object? b, long maxLength)
    {
        // str % x formats without consulting x's own operators, so an undefined argument is only read if used.
        if (a is string fmt) return PercentFormat.Format(fmt, b, maxLength, escape: false);
        if (a is Markup markup) return new Markup(PercentFormat.Format(markup.Value, b, maxLength, escape: true));
        FailIfUndefined(a, b);
        if (TryInt(a, out long la) && TryInt(b, out long lb))
        {
            if (lb == 0) throw JinjaRuntimeException.Type("integer modulo by zero");
            if (lb == -1) return Box(0);
            long r = la % lb;
            if (r != 0 && ((r < 0) != (lb < 0))) r += lb;
            return Box(r);
        }
        if (IsNumber(a) && IsNumber(b))
        {
            double x = ToDouble(a);
            double y = ToDouble(b);
            if (y == 0) throw JinjaRuntimeException.Type("float modulo");
            double r = x % y;
            if (r != 0 && ((r < 0) != (y < 0))) r += y;
            return r;
        }
        throw Unsupported("%", a, b);
    }

    public static object? Pow(object? a, object? b)
    {
        FailIfUndefined(a, b);
        if (TryInt(a, out long la) && TryInt(b, out long lb))
        {
            if (lb >= 0)
            {
                var big = BigInteger.Pow(la, (int)Math.Min(lb, 4096));
                if (lb > 4096 && la is not (0 or 1 or -1)) throw Overflow();
                if (lb > 4096) big = la == -1 && lb % 2 == 1 ? -1 : (la == 0 ? 0 : 1);
                if (big > long.MaxValue || big < long.MinValue) throw Overflow();
                return Box((long)big);
            }
            if (la == 0) throw JinjaRuntimeException.Type("0.0 cannot be raised to a negative power");
            return Math.Pow(la, lb);
        }
        if (IsNumber(a) && IsNumber(b))
        {
            double x = ToDouble(a);
            double y = ToDouble(b);
            if (x == 0 && y < 0) throw JinjaRuntimeException.Type("0.0 cannot be raised to a negative power");
            double result = Math.Pow(x, y);
            if (double.IsInfinity(result) && double.IsFinite(x) && double.IsFinite(y)) throw JinjaRuntimeException.Type("(34, 'Numerical result out of range')");
            return result;
        }
        throw Unsupported("** or pow()", a, b);
    }

    public static object? Negate(object? a)
    {
        if (a is Undefined u) throw u.Fail();
        if (TryInt(a, out long l))
        {
            if (l == long.MinValue) throw Overflow();
            return Box(-l);
        }
        if (a is double d) return -d;
        throw JinjaRuntimeException.Type($"bad operand type for unary -: '{TypeName(a)}'");
    }

    public static object? Plus(object? a)
    {
        if (a is Undefined u) throw u.Fail();
        if (TryInt(a, out long l)) return Box(l);
        if (a is double) return a;
        throw JinjaRuntimeException.Type($"bad operand type for unary +: '{TypeName(a)}'");
    }

    /// <summary>Python <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item)
    {
        switch (container)
        {
            case string or Markup:
                {
                    string text = AsString(container)!;
                    if (AsString(item) is { } sub) return text.Contains(sub, StringComparison.Ordinal);
                    if (item is Undefined u) throw u.Fail();
                    throw JinjaRuntimeException.Type($"'in <string>' requires string as left operand, not {TypeName(item)}");
                }
            case List<object?> list:
                foreach (var x in list)
                {
                    if (PyEquals(x, item)) return true;
                }
                return false;
            case PyTuple tuple:
                foreach (var x in tuple.Items)
                {
                    if (PyEquals(x, item)) return true;
                }
                return false;
            case PyDict dict:
                return dict.ContainsKey(item);
            case Undefined:
                return false;
            case PyIterable iterable:
                foreach (var x in iterable.Iterate())
                {
                    if (PyEquals(x, item)) return true;
                }
                return false;
            default:
                throw JinjaRuntimeException.Type($"argument of type '{TypeName(container)}' is not iterable");
        }
    }

    /// <summary>Python <c>len(value)</c>.</summary>
    public static long Len(object? value) => value switch
    {
        string s => PyString.Length(s),
        Markup m => PyString.Length(m.Value),
        List<object?> list => list.Count,
        PyTuple t => t.Count,
        PyDict d => d.Count,
        Undefined => 0,
        PyNamespace => throw JinjaRuntimeException.Type("object of type 'Namespace' has no len()"),
        PyIterable { Items: { } items } => items.Count,
        IJinjaCallable { TypeName: "LoopContext" } c => ((LoopContext)c).Length,
        _ => throw JinjaRuntimeException.Type($"object of type '{TypeName(value)}' has no len()"),
    };

    public static bool IsIterable(object? value) =>
        value is string or Markup or List<object?> or PyTuple or PyDict or Undefined or PyIterable or LoopContext;

    /// <summary>Python <c>iter(value)</c>: lists, tuples, dict keys, string characters, iterators; Undefined is empty.</summary>
    public static IEnumerable<object?> Iterate(object? value)
    {
        switch (value)
        {
            case List<object?> list: return list;
            case PyTuple tuple: return tuple.Items;
            case PyDict dict: return dict.Keys;
            case string s: return PyString.Chars(s);
            case Markup m: return PyString.Chars(m.Value);
            case PyIterable iterable: return iterable.Iterate();
            case Undefined: return [];
            default: throw JinjaRuntimeException.Type($"'{TypeName(value)}' object is not iterable");
        }
    }

    /// <summary>Python <c>list(value)</c>, copying so the result can be reordered safely.</summary>
    public static List<object?> ToList(object? value)
    {
        if (value is List<object?> list) return new List<object?>(list);
        var result = new List<object?>();
        foreach (var item in Iterate(value)) result.Add(item);
        return result;
    }

    /// <summary>Python's slice.indices(length): normalized start, stop and step.</summary>
    public static (int Start, int Stop, int Step) SliceIndices(object? start, object? stop, object? step, int length)
    {
        long st = step is null ? 1 : ToIndex(step, "slice indices");
        if (st == 0) throw JinjaRuntimeException.Type("slice step cannot be zero");
        long lower = st < 0 ? -1 : 0;
        long upper = st < 0 ? length - 1 : length;
        long a = start is null ? (st < 0 ? upper : lower) : Clamp(ToIndex(start, "slice indices"), length, lower, upper);
        long b = stop is null ? (st < 0 ? lower : upper) : Clamp(ToIndex(stop, "slice indices"), length, lower, upper);
        return ((int)a, (int)b, (int)Math.Clamp(st, int.MinValue + 1, int.MaxValue));

        static long Clamp(long i, int length, long lower, long upper)
        {
            if (i < 0)
            {
                i += length;
                return i < lower ? lower : i;
            }
            return i > upper ? upper : i;
        }
    }

    /// <summary>Applies a normalized slice to a list-like sequence.</summary>
    public static List<object?> SliceList(IReadOnlyList<object?> items, int start, int stop, int step)
    {
        var result = new List<object?>();
        if (step > 0)
        {
            for (int i = start; i < stop; i += step) result.Add(items[i]);
        }
        else
        {
            for (int i = start; i > stop; i += step) result.Add(items[i]);
        }
        return result;
    }
}
