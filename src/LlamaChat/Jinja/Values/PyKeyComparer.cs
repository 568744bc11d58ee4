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

    public static bool IsHashable(object? key) => key switch
    {
        null or string or Markup or long or bool or double or NoneKey => true,
        PyTuple t => t.Items.All(IsHashable),
        List<object?> or PyDict or PyNamespace => false,
        _ => true,
    };

    public static void EnsureHashable(object? key)
    {
        if (!IsHashable(key)) throw JinjaRuntimeException.Type($"unhashable type: '{PyOps.TypeName(key)}'");
    }

    private int TupleHash(PyTuple t)
    {
        var hash = new HashCode();
        foreach (var item in t.Items) hash.Add(item is null ? 0 : GetHashCode(item));
        return hash.ToHashCode();
    }
}
