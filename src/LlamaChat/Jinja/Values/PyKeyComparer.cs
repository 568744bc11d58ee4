using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Values;

/// <summary>Hashes and compares dictionary keys with Python semantics (1 == 1.0 == True, 'a' == Markup('a')).</summary>
internal sealed class PyKeyComparer : IEqualityComparer<object>
{
    public static readonly PyKeyComparer Instance = new();

    public new bool Equals(object? x, object? y)
    {
        if (x is string sx && y is string sy) return string.Equals(sx, sy, StringComparison.Ordinal);
        if (x is NoneKey || y is NoneKey) return ReferenceEquals(x, y);
        return PyOps.PyEquals(x, y);
    }

    public int GetHashCode(object obj) => obj switch
    {
        string s => s.GetHashCode(),
        Markup m => m.Value.GetHashCode(),
        long l => l.GetHashCode(),
        bool b => (b ? 1L : 0L).GetHashCode(),
        double d => d == Math.Floor(d) && Math.Abs(d) < 9e18 ? ((long)d).GetHashCode() : d.GetHashCode(),
        PyTuple t => TupleHash(t),
        _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
    };

    public static bool IsHashable(object? key)
    {
        long work = 0;
        return IsHashable(key, 0, ref work);
    }

    // Tuples nest as deeply as a template loop makes them ({% set ns.t = (ns.t,) %}): recursing without a limit
    // overflowed the stack and killed the process.
    private static bool IsHashable(object? key, int depth, ref long work)
    {
        switch (key)
        {
            case PyTuple t:
                CheckNesting(depth);
                PyOps.SpendWork(ref work, t.Count);
                foreach (var item in t.Items)
                {
                    if (!IsHashable(item, depth + 1, ref work)) return false;
                }
                return true;
            case List<object?> or PyDict or PyNamespace:
                return false;
            default:
                return true;
        }
    }

    private static void CheckNesting(int depth)
    {
        if (depth > PyStr.MaxNesting) throw new JinjaRuntimeException(TemplateErrorKind.Limit, "maximum nesting depth exceeded while hashing a tuple");
    }

    public static void EnsureHashable(object? key)
    {
        if (!IsHashable(key)) throw JinjaRuntimeException.Type($"unhashable type: '{PyOps.TypeName(key)}'");
    }

    private int TupleHash(PyTuple t)
    {
        long work = 0;
        return TupleHash(t, 0, ref work);
    }

    private int TupleHash(PyTuple t, int depth, ref long work)
    {
        CheckNesting(depth);
        PyOps.SpendWork(ref work, t.Count);
        var hash = new HashCode();
        foreach (var item in t.Items) hash.Add(item switch { null => 0, PyTuple inner => TupleHash(inner, depth + 1, ref work), _ => GetHashCode(item) });
        return hash.ToHashCode();
    }
}
