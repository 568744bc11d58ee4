using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Values;

/// <summary>
/// A Python iterator or view that is not a list: generators from <c>map</c>/<c>select</c>, <c>dict.items()</c>,
/// <c>range()</c>. Generators are consumed by one pass (iterating again yields nothing) and have no length;
/// views can be iterated repeatedly and have a length. Neither serializes to JSON, as in Python.
/// </summary>
internal sealed class PyIterable
{
    private IEnumerator<object?>? _pending;
    private readonly IReadOnlyList<object?>? _items;
    private readonly string? _repr;

    private PyIterable(string typeName, IEnumerable<object?>? lazy, IReadOnlyList<object?>? items, string? repr)
    {
        TypeName = typeName;
        _pending = lazy?.GetEnumerator();
        _items = items;
        _repr = repr;
    }

    /// <summary>The Python type name ("generator", "dict_items", "range"...).</summary>
    public string TypeName { get; }

    /// <summary>True for a single-use generator.</summary>
    public bool IsGenerator => _items is null;

    /// <summary>A lazy, single-use generator.</summary>
    public static PyIterable Generator(IEnumerable<object?> source, string typeName = "generator") =>
        new(typeName, source, null, null);

    /// <summary>A reusable view with a length.</summary>
    public static PyIterable View(string typeName, IReadOnlyList<object?> items, string? repr = null) =>
        new(typeName, null, items, repr);

    /// <summary>The items of a view; null for a generator.</summary>
    public IReadOnlyList<object?>? Items => _items;

    /// <summary>Iterates; a generator yields its remaining items once.</summary>
    public IEnumerable<object?> Iterate()
    {
        if (_items is not null)
        {
            for (int i = 0; i < _items.Count; i++) yield return _items[i];
            yield break;
        }
        var e = _pending;
        if (e is null) yield break;
        while (e.MoveNext()) yield return e.Current;
        _pending = null;
    }

    /// <summary>Python repr.</summary>
    public string Repr()
    {
        if (_repr is not null) return _repr;
        if (_items is not null)
        {
            return $"{TypeName}({PyStr.Repr(new List<object?>(_items))})";
        }
        return $"<{TypeName} object at 0x{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this):x12}>";
    }
}
