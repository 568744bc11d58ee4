using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Values;

/// <summary>
/// A Python dict: insertion-ordered, keys compared with Python equality (so <c>1</c>, <c>1.0</c> and
/// <c>true</c> are the same key). Immutable from templates; only the engine fills it.
/// </summary>
internal sealed class PyDict
{
    private readonly OrderedDictionary<object, object?> _items;

    public PyDict() => _items = new OrderedDictionary<object, object?>(PyKeyComparer.Instance);

    public PyDict(int capacity) => _items = new OrderedDictionary<object, object?>(capacity, PyKeyComparer.Instance);

    public int Count => _items.Count;

    /// <summary>Adds or replaces an entry, keeping the original position of an existing key (as Python does).</summary>
    public void Set(object? key, object? value)
    {
        PyKeyComparer.EnsureHashable(key);
        _items[key ?? NoneKey.Instance] = value;
    }

    public bool TryGetValue(object? key, out object? value)
    {
        if (key is not null && !PyKeyComparer.IsHashable(key))
        {
            throw JinjaRuntimeException.Type($"unhashable type: '{PyOps.TypeName(key)}'");
        }
        return _items.TryGetValue(key ?? NoneKey.Instance, out value);
    }

    public bool ContainsKey(object? key) => TryGetValue(key, out _);

    public object? KeyAt(int index) => Unwrap(_items.GetAt(index).Key);

    public object? ValueAt(int index) => _items.GetAt(index).Value;

    public IEnumerable<object?> Keys
    {
        get
        {
            foreach (var pair in _items) yield return Unwrap(pair.Key);
        }
    }

    public IEnumerable<KeyValuePair<object?, object?>> Pairs
    {
        get
        {
            foreach (var pair in _items) yield return new KeyValuePair<object?, object?>(Unwrap(pair.Key), pair.Value);
        }
    }

    public PyDict Copy()
    {
        var copy = new PyDict(_items.Count);
        foreach (var pair in _items) copy._items.Add(pair.Key, pair.Value);
        return copy;
    }

    private static object? Unwrap(object key) => key is NoneKey ? null : key;
}
