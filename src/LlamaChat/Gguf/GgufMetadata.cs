using System.Diagnostics.CodeAnalysis;

namespace LlamaChat.Gguf;

/// <summary>
/// The metadata key/value pairs of a GGUF file, in file order, with typed getters.
/// </summary>
/// <remarks>
/// Enumerating yields the pairs in the order they appear in the file. The <c>Get…</c> methods throw
/// <see cref="GgufMetadataException"/> when the key is missing or has an incompatible type; the
/// <c>TryGet…</c> methods return <c>false</c> instead. Integer getters accept any integer type whose value
/// fits (llama.cpp writes some keys as UINT32 and others as UINT64).
/// </remarks>
public sealed class GgufMetadata : IReadOnlyDictionary<string, GgufValue>
{
    private readonly KeyValuePair<string, GgufValue>[] _entries;
    private readonly Dictionary<string, GgufValue> _byKey;

    /// <summary>Creates metadata from pairs in order.</summary>
    /// <exception cref="ArgumentException">A key appears twice or a value is null.</exception>
    public GgufMetadata(IEnumerable<KeyValuePair<string, GgufValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.ToArray();
        _byKey = new Dictionary<string, GgufValue>(_entries.Length, StringComparer.Ordinal);
        foreach (var (key, value) in _entries)
        {
            if (value is null) throw new ArgumentException($"The value of metadata key '{key}' is null.", nameof(entries));
            if (!_byKey.TryAdd(key, value)) throw new ArgumentException($"Metadata key '{key}' appears more than once.", nameof(entries));
        }
    }

    /// <summary>Metadata with no keys.</summary>
    public static GgufMetadata Empty { get; } = new([]);

    /// <summary>The number of keys.</summary>
    public int Count => _entries.Length;

    /// <summary>The keys in file order.</summary>
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    /// <summary>The values in file order.</summary>
    public IEnumerable<GgufValue> Values => _entries.Select(e => e.Value);

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <exception cref="GgufMetadataException">The key is missing.</exception>
    public GgufValue this[string key] => _byKey.TryGetValue(key, out var value) ? value : throw Missing(key);

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    /// <summary>Gets the value of <paramref name="key"/> if present.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out GgufValue value) => _byKey.TryGetValue(key, out value);

    /// <summary>The value of <paramref name="key"/>, or <c>null</c> when it is missing.</summary>
    public GgufValue? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The pairs in file order.</summary>
    public IEnumerator<KeyValuePair<string, GgufValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, GgufValue>>)_entries).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    // ---------------------------------------------------------------- typed getters

    /// <summary>The STRING value of <paramref name="key"/>.</summary>
    /// <exception cref="GgufMetadataException">The key is missing or not a string.</exception>
    public string GetString(string key) => Get(key, v => v.Type == GgufValueType.String ? v.AsString() : null, "a string");

    /// <summary>Gets the STRING value of <paramref name="key"/> if present and a string.</summary>
    public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
    {
        value = Find(key) is { Type: GgufValueType.String } v ? v.AsString() : null;
        return value is not null;
    }

    /// <summary>The value of <paramref name="key"/>, any integer type, as a signed 64-bit integer.</summary>
    /// <exception cref="GgufMetadataException">The key is missing, not an integer, or does not fit.</exception>
    public long GetInt64(string key) => TryGetInt64(key, out var v) ? v : throw WrongType(key, "an integer that fits in Int64");

    /// <summary>Gets the value of <paramref name="key"/> as a signed 64-bit integer if present and an integer that fits.</summary>
    public bool TryGetInt64(string key, out long value)
    {
        value = 0;
        return Find(key) is { IsArray: false } v && v.TryGetInt64(out value);
    }

    /// <summary>The value of <paramref name="key"/>, any non-negative integer, as an unsigned 64-bit integer.</summary>
    /// <exception cref="GgufMetadataException">The key is missing, not an integer, or negative.</exception>
    public ulong GetUInt64(string key) => TryGetUInt64(key, out var v) ? v : throw WrongType(key, "a non-negative integer");

    /// <summary>Gets the value of <paramref name="key"/> as an unsigned 64-bit integer if present and a non-negative integer.</summary>
    public bool TryGetUInt64(string key, out ulong value)
    {
        value = 0;
        return Find(key) is { IsArray: false } v && v.TryGetUInt64(out value);
    }

    /// <summary>The value of <paramref name="key"/>, any integer type, as a signed 32-bit integer.</summary>
    /// <exception cref="GgufMetadataException">The key is missing, not an integer, or does not fit.</exception>
    public int GetInt32(string key) => TryGetInt32(key, out var v) ? v : throw WrongType(key, "an integer that fits in Int32");

    /// <summary>Gets the value of <paramref name="key"/> as a signed 32-bit integer if present and an integer that fits.</summary>
    public bool TryGetInt32(string key, out int value)
    {
        value = 0;
        if (!TryGetInt64(key, out var l) || l is < int.MinValue or > int.MaxValue) return false;
        value = (int)l;
        return true;
    }

    /// <summary>The value of <paramref name="key"/>, any integer type, as an unsigned 32-bit integer.</summary>
    /// <exception cref="GgufMetadataException">The key is missing, not an integer, or does not fit.</exception>
    public uint GetUInt32(string key) => TryGetUInt32(key, out var v) ? v : throw WrongType(key, "an integer that fits in UInt32");

    /// <summary>Gets the value of <paramref name="key"/> as an unsigned 32-bit integer if present and an integer that fits.</summary>
    public bool TryGetUInt32(string key, out uint value)
    {
        value = 0;
        if (!TryGetUInt64(key, out var l) || l > uint.MaxValue) return false;
        value = (uint)l;
        return true;
    }

    /// <summary>The value of <paramref name="key"/>, any float or integer type, as a double.</summary>
    /// <exception cref="GgufMetadataException">The key is missing or not a number.</exception>
    public double GetDouble(string key) => TryGetDouble(key, out var v) ? v : throw WrongType(key, "a number");

    /// <summary>Gets the value of <paramref name="key"/> as a double if present and a number.</summary>
    public bool TryGetDouble(string key, out double value)
    {
        value = 0;
        return Find(key) is { IsArray: false } v && v.TryGetDouble(out value);
    }

    /// <summary>The BOOL value of <paramref name="key"/>.</summary>
    /// <exception cref="GgufMetadataException">The key is missing or not a bool.</exception>
    public bool GetBoolean(string key) => TryGetBoolean(key, out var v) ? v : throw WrongType(key, "a bool");

    /// <summary>Gets the BOOL value of <paramref name="key"/> if present and a bool.</summary>
    public bool TryGetBoolean(string key, out bool value)
    {
        value = Find(key) is { Type: GgufValueType.Bool } v && v.AsBoolean();
        return Find(key) is { Type: GgufValueType.Bool };
    }

    /// <summary>The items of the STRING array <paramref name="key"/>.</summary>
    /// <exception cref="GgufMetadataException">The key is missing or not an array of strings.</exception>
    public IReadOnlyList<string> GetStringArray(string key) =>
        TryGetStringArray(key, out var v) ? v : throw WrongType(key, "an array of strings");

    /// <summary>Gets the items of the STRING array <paramref name="key"/> if present and an array of strings.</summary>
    public bool TryGetStringArray(string key, [NotNullWhen(true)] out IReadOnlyList<string>? value)
    {
        value = Find(key) is { ElementType: GgufValueType.String } v ? v.AsStringArray() : null;
        return value is not null;
    }

    /// <summary>
    /// The items of the array <paramref name="key"/> whose element type matches <typeparamref name="T"/> exactly
    /// (<c>float</c> for FLOAT32, <c>int</c> for INT32...).
    /// </summary>
    /// <exception cref="GgufMetadataException">The key is missing or not an array of that type.</exception>
    public IReadOnlyList<T> GetArray<T>(string key) where T : unmanaged =>
        TryGetArray<T>(key, out var v) ? v : throw WrongType(key, $"an array of {typeof(T).Name}");

    /// <summary>Gets the items of the array <paramref name="key"/> if present and of element type <typeparamref name="T"/>.</summary>
    public bool TryGetArray<T>(string key, [NotNullWhen(true)] out IReadOnlyList<T>? value) where T : unmanaged
    {
        value = null;
        if (Find(key) is not { IsArray: true } v || v.ElementType is null || GgufValue.ClrTypeOf(v.ElementType.Value) != typeof(T)) return false;
        value = v.AsArray<T>();
        return true;
    }

    /// <summary>The number of items of the array <paramref name="key"/>, or <c>null</c> when it is missing or not an array.</summary>
    public int? GetArrayLength(string key) => Find(key) is { IsArray: true } v ? v.Length : null;

    private T Get<T>(string key, Func<GgufValue, T?> read, string expected) where T : class
    {
        var value = this[key];
        return read(value) ?? throw WrongType(key, expected);
    }

    private GgufMetadataException Missing(string key) =>
        new(key, $"GGUF metadata key '{key}' is missing. Check the key's spelling and that the model was converted with a recent llama.cpp.");

    private GgufMetadataException WrongType(string key, string expected)
    {
        if (!_byKey.TryGetValue(key, out var value)) return Missing(key);
        var actual = value.IsArray ? $"an array of {value.ElementType}" : $"{value.Type} {value}";
        return new GgufMetadataException(key, $"GGUF metadata key '{key}' holds {actual}, not {expected}.");
    }
}
