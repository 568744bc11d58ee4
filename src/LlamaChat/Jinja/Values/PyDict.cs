using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Values;

/// <summary>
/// A Python dict: insertion-ordered, keys compared with Python equality (so <c>1</c>, <c>1.0</c> and
/// <c>true</c> are the same key). Immutable from templates; only the engine fills it.
/// </summary>
internal sealed class PyDict
{
    // Chat messages have a handful of keys: parallel arrays searched linearly are cheaper than a hash table.
    // An index is built only once a dict grows past IndexThreshold entries.
    private const int IndexThreshold = 8;

    private object?[] _keys;
    private object?[] _values;
    private int _count;
    private Dictionary<object, int>? _index;

    public PyDict() : this(4) { }

    public PyDict(int capacity)
    {
        capacity = Math.Max(capacity, 1);
        _keys = new object?[capacity];
        _values = new object?[capacity];
    }

    public int Count => _count;

    /// <summary>Adds or replaces an entry, keeping the original position of an existing key (as Python does).</summary>
    public void Set(object? key, object? value)
    {
        PyKeyComparer.EnsureHashable(key);
        int at = IndexOf(key);
        if (at >= 0)
        {
            _values[at] = value;
            return;
        }
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }
        _keys[_count] = key;
        _values[_count] = value;
        _index?.Add(key ?? NoneKey.Instance, _count);
        _count++;
        if (_index is null && _count > IndexThreshold)
        {
            _index = new Dictionary<object, int>(_count * 2, PyKeyComparer.Instance);
            for (int i = 0; i < _count; i++) _index[_keys[i] ?? NoneKey.Instance] = i;
        }
    }

    private int IndexOf(object? key)
    {
        if (_index is not null) return _index.TryGetValue(key ?? NoneKey.Instance, out int found) ? found : -1;
        if (key is string s)
        {
            for (int i = 0; i < _count; i++)
            {
                var k = _keys[i];
                if (ReferenceEquals(k, s) || (k is string ks && string.Equals(ks, s, StringComparison.Ordinal)) || (k is Markup m && m.Value == s)) return i;
            }
            return -1;
        }
        for (int i = 0; i < _count; i++)
        {
            if (key is null ? _keys[i] is null : _keys[i] is not null && PyKeyComparer.Instance.Equals(_keys[i], key)) return i;
        }
        return -1;
    }

    public bool TryGetValue(object? key, out object? value)
    {
        if (key is not null && key is not string && !PyKeyComparer.IsHashable(key))
        {
            throw JinjaRuntimeException.Type($"unhashable type: '{PyOps.TypeName(key)}'");
        }
        int at = IndexOf(key);
        value = at >= 0 ? _values[at] : null;
        return at >= 0;
    }

    public bool ContainsKey(object? key) => TryGetValue(key, out _);

    public object? KeyAt(int index) => _keys[index];

    public object? ValueAt(int index) => _values[index];

    public IEnumerable<object?> Keys
    {
        get
        {
            for (int i = 0; i < _count; i++) yield return _keys[i];
        }
    }

    public IEnumerable<KeyValuePair<object?, object?>> Pairs
    {
        get
        {
            for (int i = 0; i < _count; i++) yield return new KeyValuePair<object?, object?>(_keys[i], _values[i]);
        }
    }

    public PyDict Copy()
    {
        var copy = new PyDict(_count);
        for (int i = 0; i < _count; i++) copy.Set(_keys[i], _values[i]);
        return copy;
    }
}
