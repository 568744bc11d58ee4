using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace LlamaChat.Gguf;

/// <summary>
/// One immutable GGUF metadata value: a scalar (integer, float, bool, string) or an array of them,
/// arrays of arrays included. It keeps the exact GGUF type, so a value read from a file is written back
/// with the same type.
/// </summary>
/// <remarks>
/// Create values with the <c>Of</c> overloads (the C# type picks the GGUF type: <c>GgufValue.Of(2048u)</c>
/// is a UINT32) or <see cref="ArrayOf(IEnumerable{GgufValue})"/> for nested arrays. Read them with the
/// <c>As…</c> methods, which convert between integer widths when the value fits.
/// Strings that are not valid UTF-8 in the file (some vocabularies hold raw bytes) decode with U+FFFD
/// replacement characters, but their original bytes are kept and written back unchanged.
/// </remarks>
public sealed class GgufValue : IEquatable<GgufValue>
{
    // Scalar: the boxed primitive or string. Array: a T[] of the element's CLR type, string[] or GgufValue[].
    private readonly object _storage;

    // Original bytes of strings that were not valid UTF-8: one array for a string, one per item for string arrays.
    private readonly byte[]? _rawString;
    private readonly byte[]?[]? _rawStrings;

    private GgufValue(GgufValueType type, GgufValueType? elementType, object storage, byte[]? rawString = null, byte[]?[]? rawStrings = null)
    {
        Type = type;
        ElementType = elementType;
        _storage = storage;
        _rawString = rawString;
        _rawStrings = rawStrings;
    }

    /// <summary>The GGUF type of this value.</summary>
    public GgufValueType Type { get; }

    /// <summary>For an array, the GGUF type of its elements; otherwise <c>null</c>.</summary>
    public GgufValueType? ElementType { get; }

    /// <summary>Whether this value is an array.</summary>
    public bool IsArray => Type == GgufValueType.Array;

    /// <summary>The number of elements of an array.</summary>
    /// <exception cref="InvalidOperationException">The value is not an array.</exception>
    public int Length => IsArray ? ((Array)_storage).Length : throw NotA("an array");

    // ---------------------------------------------------------------- factories

    /// <summary>A UINT8 value.</summary>
    public static GgufValue Of(byte value) => Scalar(GgufValueType.UInt8, value);
    /// <summary>An INT8 value.</summary>
    public static GgufValue Of(sbyte value) => Scalar(GgufValueType.Int8, value);
    /// <summary>A UINT16 value.</summary>
    public static GgufValue Of(ushort value) => Scalar(GgufValueType.UInt16, value);
    /// <summary>An INT16 value.</summary>
    public static GgufValue Of(short value) => Scalar(GgufValueType.Int16, value);
    /// <summary>A UINT32 value.</summary>
    public static GgufValue Of(uint value) => Scalar(GgufValueType.UInt32, value);
    /// <summary>An INT32 value.</summary>
    public static GgufValue Of(int value) => Scalar(GgufValueType.Int32, value);
    /// <summary>A UINT64 value.</summary>
    public static GgufValue Of(ulong value) => Scalar(GgufValueType.UInt64, value);
    /// <summary>An INT64 value.</summary>
    public static GgufValue Of(long value) => Scalar(GgufValueType.Int64, value);
    /// <summary>A FLOAT32 value.</summary>
    public static GgufValue Of(float value) => Scalar(GgufValueType.Float32, value);
    /// <summary>A FLOAT64 value.</summary>
    public static GgufValue Of(double value) => Scalar(GgufValueType.Float64, value);
    /// <summary>A BOOL value.</summary>
    public static GgufValue Of(bool value) => Scalar(GgufValueType.Bool, value);

    /// <summary>A STRING value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static GgufValue Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new GgufValue(GgufValueType.String, null, value);
    }

    /// <summary>An array of UINT8 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<byte> items) => TypedArray(GgufValueType.UInt8, items);
    /// <summary>An array of INT8 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<sbyte> items) => TypedArray(GgufValueType.Int8, items);
    /// <summary>An array of UINT16 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<ushort> items) => TypedArray(GgufValueType.UInt16, items);
    /// <summary>An array of INT16 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<short> items) => TypedArray(GgufValueType.Int16, items);
    /// <summary>An array of UINT32 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<uint> items) => TypedArray(GgufValueType.UInt32, items);
    /// <summary>An array of INT32 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<int> items) => TypedArray(GgufValueType.Int32, items);
    /// <summary>An array of UINT64 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<ulong> items) => TypedArray(GgufValueType.UInt64, items);
    /// <summary>An array of INT64 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<long> items) => TypedArray(GgufValueType.Int64, items);
    /// <summary>An array of FLOAT32 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<float> items) => TypedArray(GgufValueType.Float32, items);
    /// <summary>An array of FLOAT64 (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<double> items) => TypedArray(GgufValueType.Float64, items);
    /// <summary>An array of BOOL (the array is copied).</summary>
    public static GgufValue Of(IEnumerable<bool> items) => TypedArray(GgufValueType.Bool, items);

    /// <summary>An array of STRING (the array is copied).</summary>
    /// <exception cref="ArgumentException">An item is null.</exception>
    public static GgufValue Of(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        if (Array.IndexOf(array, null) is var i and >= 0)
            throw new ArgumentException($"String array item {i} is null; GGUF strings cannot be null.", nameof(items));
        return new GgufValue(GgufValueType.Array, GgufValueType.String, array);
    }

    /// <summary>
    /// An array whose elements are themselves arrays (GGUF nested arrays). Each item must be an array value;
    /// items may have different element types.
    /// </summary>
    /// <exception cref="ArgumentException">An item is null or not an array.</exception>
    public static GgufValue ArrayOf(IEnumerable<GgufValue> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        var items = arrays.ToArray();
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i] is null || !items[i].IsArray)
                throw new ArgumentException($"Item {i} of a nested array must be an array value, not {items[i]?.Type.ToString() ?? "null"}.", nameof(arrays));
        }
        return new GgufValue(GgufValueType.Array, GgufValueType.Array, items);
    }

    /// <summary>
    /// An array of <paramref name="elementType"/> built from scalar values of exactly that type
    /// (or from array values when <paramref name="elementType"/> is <see cref="GgufValueType.Array"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An item is null or has another type.</exception>
    public static GgufValue ArrayOf(GgufValueType elementType, IEnumerable<GgufValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (elementType == GgufValueType.Array) return ArrayOf(items);
        var values = items.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is null || values[i].Type != elementType)
                throw new ArgumentException($"Item {i} is {values[i]?.Type.ToString() ?? "null"}, but the array's element type is {elementType}.", nameof(items));
        }
        if (elementType == GgufValueType.String)
        {
            var raw = values.Any(v => v._rawString is not null) ? values.Select(v => v._rawString).ToArray() : null;
            return new GgufValue(GgufValueType.Array, elementType, values.Select(v => (string)v._storage).ToArray(), rawStrings: raw);
        }
        var array = Array.CreateInstance(ClrTypeOf(elementType), values.Length);
        for (int i = 0; i < values.Length; i++) array.SetValue(values[i]._storage, i);
        return new GgufValue(GgufValueType.Array, elementType, array);
    }

    // Used by the reader: takes ownership of arrays without copying.
    internal static GgufValue FromStorage(GgufValueType type, GgufValueType? elementType, object storage, byte[]? rawString = null, byte[]?[]? rawStrings = null) =>
        new(type, elementType, storage, rawString, rawStrings);

    private static GgufValue Scalar(GgufValueType type, object value) => new(type, null, value);

    private static GgufValue TypedArray<T>(GgufValueType elementType, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new GgufValue(GgufValueType.Array, elementType, items.ToArray());
    }

    // ---------------------------------------------------------------- scalar readers

    /// <summary>The value of a STRING.</summary>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string AsString() => Type == GgufValueType.String ? (string)_storage : throw NotA("a string");

    /// <summary>The value of a BOOL.</summary>
    /// <exception cref="InvalidOperationException">The value is not a bool.</exception>
    public bool AsBoolean() => Type == GgufValueType.Bool ? (bool)_storage : throw NotA("a bool");

    /// <summary>The value of any integer type as a signed 64-bit integer.</summary>
    /// <exception cref="InvalidOperationException">The value is not an integer, or is a UINT64 above <see cref="long.MaxValue"/>.</exception>
    public long AsInt64() => TryGetInt64(out var v) ? v : throw NotA("an integer that fits in Int64");

    /// <summary>The value of any non-negative integer as an unsigned 64-bit integer.</summary>
    /// <exception cref="InvalidOperationException">The value is not an integer or is negative.</exception>
    public ulong AsUInt64() => TryGetUInt64(out var v) ? v : throw NotA("a non-negative integer");

    /// <summary>The value of any integer type that fits in a signed 32-bit integer.</summary>
    /// <exception cref="InvalidOperationException">The value is not an integer or does not fit.</exception>
    public int AsInt32() => TryGetInt64(out var v) && v is >= int.MinValue and <= int.MaxValue ? (int)v : throw NotA("an integer that fits in Int32");

    /// <summary>The value of any integer type that fits in an unsigned 32-bit integer.</summary>
    /// <exception cref="InvalidOperationException">The value is not an integer or does not fit.</exception>
    public uint AsUInt32() => TryGetUInt64(out var v) && v <= uint.MaxValue ? (uint)v : throw NotA("an integer that fits in UInt32");

    /// <summary>The value of a float or integer as a double.</summary>
    /// <exception cref="InvalidOperationException">The value is not a number.</exception>
    public double AsDouble() => TryGetDouble(out var v) ? v : throw NotA("a number");

    internal bool TryGetInt64(out long value)
    {
        switch (_storage)
        {
            case byte b: value = b; return true;
            case sbyte sb: value = sb; return true;
            case ushort us: value = us; return true;
            case short s: value = s; return true;
            case uint ui: value = ui; return true;
            case int i: value = i; return true;
            case long l: value = l; return true;
            case ulong ul when ul <= long.MaxValue: value = (long)ul; return true;
            default: value = 0; return false;
        }
    }

    internal bool TryGetUInt64(out ulong value)
    {
        if (_storage is ulong ul) { value = ul; return true; }
        if (TryGetInt64(out var l) && l >= 0) { value = (ulong)l; return true; }
        value = 0;
        return false;
    }

    internal bool TryGetDouble(out double value)
    {
        switch (_storage)
        {
            case float f: value = f; return true;
            case double d: value = d; return true;
            case ulong ul: value = ul; return true;
        }
        if (TryGetInt64(out var l)) { value = l; return true; }
        value = 0;
        return false;
    }

    // ---------------------------------------------------------------- array readers

    /// <summary>The items of an array of STRING.</summary>
    /// <exception cref="InvalidOperationException">The value is not an array of strings.</exception>
    public IReadOnlyList<string> AsStringArray() =>
        ElementType == GgufValueType.String ? Array.AsReadOnly((string[])_storage) : throw NotA("an array of strings");

    /// <summary>
    /// The items of an array of numbers or bools, without copying. <typeparamref name="T"/> must match the
    /// element type exactly: <c>byte</c> for UINT8, <c>int</c> for INT32, <c>float</c> for FLOAT32, <c>bool</c> for BOOL...
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not an array of that element type.</exception>
    public IReadOnlyList<T> AsArray<T>() where T : unmanaged =>
        _storage is T[] array && IsArray ? Array.AsReadOnly(array) : throw NotA($"an array of {typeof(T).Name}");

    /// <summary>The items of an array of any integer type, converted to <see cref="long"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not an array of integers, or an item does not fit.</exception>
    public IReadOnlyList<long> AsInt64Array()
    {
        if (!IsArray || _storage is string[] or GgufValue[] or float[] or double[] or bool[])
            throw NotA("an array of integers");
        var source = (Array)_storage;
        var result = new long[source.Length];
        for (int i = 0; i < result.Length; i++)
        {
            var item = source.GetValue(i)!;
            result[i] = item is ulong ul
                ? (ul <= long.MaxValue ? (long)ul : throw NotA("an array of integers that fit in Int64"))
                : Convert.ToInt64(item, CultureInfo.InvariantCulture);
        }
        return result;
    }

    /// <summary>
    /// The items of any array as values: the arrays of a nested array, or each number, bool or string
    /// wrapped in its own <see cref="GgufValue"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not an array.</exception>
    public IReadOnlyList<GgufValue> AsArrayItems()
    {
        if (!IsArray) throw NotA("an array");
        if (_storage is GgufValue[] nested) return Array.AsReadOnly(nested);
        var source = (Array)_storage;
        var items = new GgufValue[source.Length];
        for (int i = 0; i < items.Length; i++)
            items[i] = new GgufValue(ElementType!.Value, null, source.GetValue(i)!, rawString: _rawStrings?[i]);
        return Array.AsReadOnly(items);
    }

    // ---------------------------------------------------------------- serialization support

    internal object Storage => _storage;

    /// <summary>The UTF-8 bytes to write for a string value: the original bytes when it was not valid UTF-8.</summary>
    internal byte[] GetStringBytes() => _rawString ?? Encoding.UTF8.GetBytes((string)_storage);

    /// <summary>The UTF-8 bytes to write for item <paramref name="index"/> of a string array.</summary>
    internal byte[] GetStringBytes(int index) => _rawStrings?[index] ?? Encoding.UTF8.GetBytes(((string[])_storage)[index]);

    internal static Type ClrTypeOf(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => typeof(byte),
        GgufValueType.Int8 => typeof(sbyte),
        GgufValueType.UInt16 => typeof(ushort),
        GgufValueType.Int16 => typeof(short),
        GgufValueType.UInt32 => typeof(uint),
        GgufValueType.Int32 => typeof(int),
        GgufValueType.Float32 => typeof(float),
        GgufValueType.Bool => typeof(bool),
        GgufValueType.UInt64 => typeof(ulong),
        GgufValueType.Int64 => typeof(long),
        GgufValueType.Float64 => typeof(double),
        GgufValueType.String => typeof(string),
        GgufValueType.Array => typeof(GgufValue),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown GGUF value type."),
    };

    // ---------------------------------------------------------------- equality and display

    /// <summary>Deep equality: same type, same element type and equal items (floats compare bitwise, so NaN equals NaN).</summary>
    public bool Equals(GgufValue? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Type != other.Type || ElementType != other.ElementType) return false;
        if (!IsArray) return ScalarEquals(_storage, other._storage) && SameBytes(_rawString, other._rawString, _storage, other._storage);
        var a = (Array)_storage;
        var b = (Array)other._storage;
        if (a.Length != b.Length) return false;
        if (a is GgufValue[] na) return na.AsSpan().SequenceEqual((GgufValue[])b);
        for (int i = 0; i < a.Length; i++)
        {
            if (!ScalarEquals(a.GetValue(i)!, b.GetValue(i)!)) return false;
        }
        if (ElementType == GgufValueType.String && (_rawStrings is not null || other._rawStrings is not null))
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (!GetStringBytes(i).AsSpan().SequenceEqual(other.GetStringBytes(i))) return false;
            }
        }
        return true;
    }

    private static bool SameBytes(byte[]? rawA, byte[]? rawB, object a, object b) =>
        (rawA is null && rawB is null) || (a is string sa && b is string sb &&
            (rawA ?? Encoding.UTF8.GetBytes(sa)).AsSpan().SequenceEqual(rawB ?? Encoding.UTF8.GetBytes(sb)));

    private static bool ScalarEquals(object a, object b) => (a, b) switch
    {
        (float fa, float fb) => BitConverter.SingleToInt32Bits(fa) == BitConverter.SingleToInt32Bits(fb),
        (double da, double db) => BitConverter.DoubleToInt64Bits(da) == BitConverter.DoubleToInt64Bits(db),
        _ => a.Equals(b),
    };

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GgufValue);

    /// <inheritdoc />
    public override int GetHashCode() =>
        IsArray ? HashCode.Combine(Type, ElementType, ((Array)_storage).Length) : HashCode.Combine(Type, _storage);

    /// <summary>A short human-readable form: the scalar, or the element type, length and first items of an array.</summary>
    public override string ToString()
    {
        if (!IsArray) return FormatScalar(_storage);
        var array = (Array)_storage;
        var shown = Enumerable.Range(0, Math.Min(array.Length, 8)).Select(i => array.GetValue(i) is GgufValue v ? v.ToString() : FormatScalar(array.GetValue(i)!));
        return $"{ElementType}[{array.Length}] [{string.Join(", ", shown)}{(array.Length > 8 ? ", …" : "")}]";
    }

    private static string FormatScalar(object value) => value switch
    {
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private InvalidOperationException NotA(string what) =>
        new($"The GGUF value is {(IsArray ? $"an array of {ElementType}" : Type.ToString())}, not {what}.");
}
