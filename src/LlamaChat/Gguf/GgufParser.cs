using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace LlamaChat.Gguf;

/// <summary>
/// Parses the header, metadata and tensor infos of one GGUF file from a stream, without reading tensor data.
/// Every count and length is checked against the bytes left in the file before it is used.
/// </summary>
internal sealed class GgufParser
{
    /// <summary>The alignment llama.cpp uses when <c>general.alignment</c> is absent.</summary>
    public const int DefaultAlignment = 32;

    private const int HeaderSize = 24; // magic, version, tensor count, metadata count
    private const int MaxArrayNesting = 32;
    private const int MaxDimensions = 4; // GGML_MAX_DIMS
    private const int CancellationCheckInterval = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly GgufByteReader _reader;
    private readonly string? _filePath;
    private readonly GgufReadOptions _options;
    private readonly HashSet<string> _ignoreKeys;
    private readonly CancellationToken _cancellationToken;
    private int _sinceCancellationCheck;
    private long _alignmentOffset;

    private GgufParser(Stream stream, string? filePath, GgufReadOptions options, CancellationToken cancellationToken)
    {
        _reader = new GgufByteReader(stream, filePath);
        _filePath = filePath;
        _options = options;
        _ignoreKeys = new HashSet<string>(options.IgnoreKeys, StringComparer.Ordinal);
        _cancellationToken = cancellationToken;
    }

    public sealed record Result(GgufFilePart Part, GgufMetadata Metadata, List<GgufTensorInfo> Tensors);

    public static Result Parse(Stream stream, string? filePath, GgufReadOptions options, int partIndex, CancellationToken cancellationToken) =>
        new GgufParser(stream, filePath, options, cancellationToken).Parse(partIndex);

    private Result Parse(int partIndex)
    {
        int version = ReadHeaderStart();
        long tensorCount = ReadCount("tensor count", minBytesEach: 24);
        long metadataCount = ReadCount("metadata key/value count", minBytesEach: 13);

        long metadataStart = _reader.Position;
        var entries = new List<KeyValuePair<string, GgufValue>>((int)Math.Min(metadataCount, 1024));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < metadataCount; i++)
        {
            long keyOffset = _reader.Position;
            string key = ReadString($"the key of metadata entry #{i}").Text;
            if (!keys.Add(key)) throw _reader.Error(keyOffset, $"metadata key '{key}' appears more than once");
            long typeOffset = _reader.Position;
            var type = ReadValueType($"the value type of metadata key '{key}'", typeOffset);
            if (key == "general.alignment") _alignmentOffset = typeOffset;
            else if (_ignoreKeys.Contains(key))
            {
                SkipValue(type, key, 0);
                continue;
            }
            entries.Add(new(key, ReadValue(type, key, 0)));
        }
        var metadata = new GgufMetadata(entries);
        long metadataSize = _reader.Position - metadataStart;

        int alignment = ResolveAlignment(metadata);

        long tensorInfoStart = _reader.Position;
        var tensors = new List<(GgufTensorInfo Info, long InfoOffset)>(_options.ReadTensorInfo || _options.ValidateTensorData ? (int)Math.Min(tensorCount, 65536) : 0);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            long infoOffset = _reader.Position;
            var (name, dims, type, offset) = ReadTensorInfo(i);
            if (!names.Add(name)) throw _reader.Error(infoOffset, $"tensor name '{name}' appears more than once");
            if (offset % alignment != 0)
                throw _reader.Error(infoOffset, $"the data offset {offset} of tensor '{name}' is not a multiple of the alignment {alignment}");
            if (_options.ReadTensorInfo || _options.ValidateTensorData)
                tensors.Add((new GgufTensorInfo(name, dims, type, offset, partIndex), infoOffset));
        }
        long tensorInfoSize = _reader.Position - tensorInfoStart;
        long dataOffset = AlignUp(_reader.Position, alignment);

        var result = new List<GgufTensorInfo>(_options.ReadTensorInfo ? tensors.Count : 0);
        foreach (var (info, infoOffset) in tensors)
        {
            var placed = new GgufTensorInfo(info.Name, info.Dimensions, info.Type, info.Offset, partIndex, dataOffset);
            if (_options.ValidateTensorData && placed.ByteSize is long size && (placed.FileOffset > _reader.Length - size || placed.FileOffset < 0))
            {
                throw _reader.Error(infoOffset,
                    $"the data of tensor '{placed.Name}' ({size} bytes at offset {placed.FileOffset}) extends past the end of the file ({_reader.Length} bytes)",
                    "The file is truncated, probably by an interrupted download or copy; download or convert it again.");
            }
            if (_options.ReadTensorInfo) result.Add(placed);
        }

        var part = new GgufFilePart(_filePath, version, tensorCount, metadataCount, metadataSize, tensorInfoSize, alignment, dataOffset, _reader.Length);
        return new Result(part, metadata, result);
    }

    private int ReadHeaderStart()
    {
        if (_reader.Length < HeaderSize)
        {
            throw _reader.Error(0,
                $"the file is only {_reader.Length} bytes long, shorter than the {HeaderSize}-byte GGUF header",
                "It is not a GGUF model, or it is truncated; download or convert it again.");
        }
        Span<byte> magic = stackalloc byte[4];
        _reader.Fill(magic, "the magic number");
        if (!magic.SequenceEqual("GGUF"u8))
        {
            string found = Convert.ToHexString(magic);
            string ascii = new(magic.ToArray().Select(b => b is >= 0x20 and < 0x7f ? (char)b : '.').ToArray());
            if (magic.SequenceEqual("FUGG"u8))
                throw _reader.Error(0, "the file is a big-endian GGUF file (magic 'FUGG'); LlamaChat reads only little-endian GGUF files",
                    "Convert it to little-endian with llama.cpp's gguf tools, or use the little-endian release of the model.");
            if (magic.SequenceEqual("lmgg"u8) || magic.SequenceEqual("fmgg"u8) || magic.SequenceEqual("tjgg"u8) || magic.SequenceEqual("algg"u8))
                throw _reader.Error(0, $"the file is in the legacy GGML/GGJT format (magic '{ascii}'), not GGUF",
                    "Convert it to GGUF with llama.cpp's conversion scripts, or download a GGUF release of the model.");
            throw _reader.Error(0, $"not a GGUF file: the magic number is {found} ('{ascii}') instead of 47475546 ('GGUF')",
                "Check that the path names a .gguf model file.");
        }

        uint version = _reader.ReadUInt32("the version");
        if (version == 1)
        {
            throw _reader.Error(4, "GGUF v1 is no longer supported",
                "Convert the file again with a recent llama.cpp (its convert scripts write GGUF v3), or download a newer release of the model.");
        }
        if (version is 2 or 3) return (int)version;
        uint swapped = BinaryPrimitives.ReverseEndianness(version);
        if ((version & 0xFFFF) == 0 && swapped is >= 1 and <= 3)
        {
            throw _reader.Error(4, $"the file is a big-endian GGUF v{swapped} file (the version field reads 0x{version:X8}); LlamaChat reads only little-endian GGUF files",
                "Convert it to little-endian with llama.cpp's gguf tools, or use the little-endian release of the model.");
        }
        throw _reader.Error(4, $"unknown GGUF version {version}; LlamaChat reads versions 2 and 3",
            "The file may come from a newer llama.cpp; update LlamaChat, or convert the model with a llama.cpp that writes GGUF v3.");
    }

    private long ReadCount(string what, int minBytesEach)
    {
        long offset = _reader.Position;
        ulong count = _reader.ReadUInt64(what);
        // Each item needs at least minBytesEach bytes, so a larger count cannot be genuine.
        if (count > (ulong)(_reader.Remaining / minBytesEach))
        {
            throw _reader.Error(offset, $"the {what} {count} cannot fit in the remaining {_reader.Remaining} bytes of the file (each entry needs at least {minBytesEach} bytes)");
        }
        return (long)count;
    }

    private GgufValueType ReadValueType(string what, long offset)
    {
        uint raw = _reader.ReadUInt32(what);
        if (raw > (uint)GgufValueType.Float64)
        {
            throw _reader.Error(offset, $"unknown value type {raw} in {what}; known types are 0 to 12",
                "The file may be damaged, or come from a newer GGUF version than LlamaChat supports.");
        }
        return (GgufValueType)raw;
    }

    private (string Text, byte[]? Raw) ReadString(string what)
    {
        long offset = _reader.Position;
        ulong length = _reader.ReadUInt64($"the length of {what}");
        if (length > (ulong)_reader.Remaining)
        {
            throw _reader.Error(offset, $"the length {length} of {what} exceeds the {_reader.Remaining} bytes left in the file");
        }
        if (length > (ulong)Array.MaxLength)
        {
            throw _reader.Error(offset, $"the length {length} of {what} is larger than a .NET string can hold");
        }
        var bytes = _reader.ReadBytes((long)length, what);
        if (Utf8.IsValid(bytes)) return (StrictUtf8.GetString(bytes), null);
        // Keep the original bytes so a copy of this file is byte-identical.
        return (Encoding.UTF8.GetString(bytes), bytes);
    }

    private GgufValue ReadValue(GgufValueType type, string key, int depth)
    {
        string what = depth == 0 ? $"the value of metadata key '{key}'" : $"an item of the array '{key}'";
        switch (type)
        {
            case GgufValueType.UInt8: return GgufValue.Of(_reader.ReadByte(what));
            case GgufValueType.Int8: return GgufValue.Of((sbyte)_reader.ReadByte(what));
            case GgufValueType.UInt16: return GgufValue.Of(_reader.ReadUInt16(what));
            case GgufValueType.Int16: return GgufValue.Of((short)_reader.ReadUInt16(what));
            case GgufValueType.UInt32: return GgufValue.Of(_reader.ReadUInt32(what));
            case GgufValueType.Int32: return GgufValue.Of((int)_reader.ReadUInt32(what));
            case GgufValueType.UInt64: return GgufValue.Of(_reader.ReadUInt64(what));
            case GgufValueType.Int64: return GgufValue.Of((long)_reader.ReadUInt64(what));
            case GgufValueType.Float32: return GgufValue.Of(BitConverter.UInt32BitsToSingle(_reader.ReadUInt32(what)));
            case GgufValueType.Float64: return GgufValue.Of(BitConverter.UInt64BitsToDouble(_reader.ReadUInt64(what)));
            case GgufValueType.Bool: return GgufValue.Of(_reader.ReadByte(what) != 0);
            case GgufValueType.String:
                var (text, raw) = ReadString(what);
                return GgufValue.FromStorage(GgufValueType.String, null, text, rawString: raw);
            default:
                return ReadArray(key, depth);
        }
    }

    private GgufValue ReadArray(string key, int depth)
    {
        long offset = _reader.Position;
        if (depth >= MaxArrayNesting)
            throw _reader.Error(offset, $"the array '{key}' nests arrays more than {MaxArrayNesting} levels deep");
        var elementType = ReadValueType($"the element type of the array '{key}'", offset);
        long count = ReadArrayCount(key, elementType);
        string what = $"the items of the array '{key}'";
        switch (elementType)
        {
            case GgufValueType.UInt8: return Typed(_reader.ReadArray<byte>(count, what));
            case GgufValueType.Int8: return Typed(_reader.ReadArray<sbyte>(count, what));
            case GgufValueType.UInt16: return Typed(_reader.ReadArray<ushort>(count, what));
            case GgufValueType.Int16: return Typed(_reader.ReadArray<short>(count, what));
            case GgufValueType.UInt32: return Typed(_reader.ReadArray<uint>(count, what));
            case GgufValueType.Int32: return Typed(_reader.ReadArray<int>(count, what));
            case GgufValueType.UInt64: return Typed(_reader.ReadArray<ulong>(count, what));
            case GgufValueType.Int64: return Typed(_reader.ReadArray<long>(count, what));
            case GgufValueType.Float32: return Typed(_reader.ReadArray<float>(count, what));
            case GgufValueType.Float64: return Typed(_reader.ReadArray<double>(count, what));
            case GgufValueType.Bool:
                return Typed(Array.ConvertAll(_reader.ReadArray<byte>(count, what), b => b != 0));
            case GgufValueType.String:
            {
                var items = new string[count];
                byte[]?[]? raws = null;
                for (long i = 0; i < count; i++)
                {
                    CheckCancellation();
                    var (text, raw) = ReadString($"item {i} of the array '{key}'");
                    items[i] = text;
                    if (raw is not null) (raws ??= new byte[]?[count])[i] = raw;
                }
                return GgufValue.FromStorage(GgufValueType.Array, GgufValueType.String, items, rawStrings: raws);
            }
            default:
            {
                var items = new GgufValue[count];
                for (long i = 0; i < count; i++)
                {
                    CheckCancellation();
                    items[i] = ReadArray(key, depth + 1);
                }
                return GgufValue.FromStorage(GgufValueType.Array, GgufValueType.Array, items);
            }
        }

        GgufValue Typed<T>(T[] items) => GgufValue.FromStorage(GgufValueType.Array, elementType, items);
    }

    private long ReadArrayCount(string key, GgufValueType elementType)
    {
        long offset = _reader.Position;
        ulong count = _reader.ReadUInt64($"the item count of the array '{key}'");
        int minSize = MinEncodedSize(elementType);
        if (count > (ulong)(_reader.Remaining / minSize))
        {
            throw _reader.Error(offset,
                $"the array '{key}' claims {count} items of type {elementType}, which cannot fit in the {_reader.Remaining} bytes left in the file");
        }
        if (count > (ulong)Array.MaxLength)
            throw _reader.Error(offset, $"the array '{key}' has {count} items, more than a .NET array can hold");
        return (long)count;
    }

    private void SkipValue(GgufValueType type, string key, int depth)
    {
        string what = $"the value of metadata key '{key}'";
        switch (type)
        {
            case GgufValueType.String:
            {
                long offset = _reader.Position;
                ulong length = _reader.ReadUInt64($"the length of {what}");
                if (length > (ulong)_reader.Remaining)
                    throw _reader.Error(offset, $"the length {length} of {what} exceeds the {_reader.Remaining} bytes left in the file");
                _reader.Skip((long)length, what);
                return;
            }
            case GgufValueType.Array:
            {
                long offset = _reader.Position;
                if (depth >= MaxArrayNesting)
                    throw _reader.Error(offset, $"the array '{key}' nests arrays more than {MaxArrayNesting} levels deep");
                var elementType = ReadValueType($"the element type of the array '{key}'", offset);
                long count = ReadArrayCount(key, elementType);
                if (elementType is GgufValueType.String or GgufValueType.Array)
                {
                    for (long i = 0; i < count; i++)
                    {
                        CheckCancellation();
                        SkipValue(elementType, key, depth + 1);
                    }
                }
                else
                {
                    _reader.Skip(count * MinEncodedSize(elementType), what);
                }
                return;
            }
            default:
                _reader.Skip(MinEncodedSize(type), what);
                return;
        }
    }

    private (string Name, long[] Dims, GgmlType Type, long Offset) ReadTensorInfo(long index)
    {
        CheckCancellation();
        string name = ReadString($"the name of tensor #{index}").Text;
        long dimsOffset = _reader.Position;
        uint dimCount = _reader.ReadUInt32($"the dimension count of tensor '{name}'");
        if (dimCount > MaxDimensions)
            throw _reader.Error(dimsOffset, $"tensor '{name}' has {dimCount} dimensions; ggml supports at most {MaxDimensions}");
        var dims = new long[dimCount];
        long product = 1;
        for (int d = 0; d < dimCount; d++)
        {
            long dimOffset = _reader.Position;
            ulong dim = _reader.ReadUInt64($"dimension {d} of tensor '{name}'");
            if (dim > long.MaxValue || (dim > 0 && product > long.MaxValue / (long)dim))
                throw _reader.Error(dimOffset, $"dimension {d} of tensor '{name}' is {dim}, which makes the element count overflow a 64-bit integer");
            dims[d] = (long)dim;
            product *= Math.Max((long)dim, 1);
        }
        long typeOffset = _reader.Position;
        var type = (GgmlType)_reader.ReadUInt32($"the type of tensor '{name}'");
        if (GgmlTypeTraits.IsKnown(type) && dims.Length > 0 && dims[0] % GgmlTypeTraits.GetBlockSize(type) != 0)
        {
            throw _reader.Error(typeOffset,
                $"tensor '{name}' of type {type} has a row length of {dims[0]}, which is not a multiple of the type's block size {GgmlTypeTraits.GetBlockSize(type)}");
        }
        long offsetOffset = _reader.Position;
        ulong offset = _reader.ReadUInt64($"the data offset of tensor '{name}'");
        if (offset > long.MaxValue)
            throw _reader.Error(offsetOffset, $"the data offset {offset} of tensor '{name}' is larger than any file");
        return (name, dims, type, (long)offset);
    }

    private int ResolveAlignment(GgufMetadata metadata)
    {
        var value = metadata.Find("general.alignment");
        if (value is null) return DefaultAlignment;
        if (value.Type != GgufValueType.UInt32)
            throw _reader.Error(_alignmentOffset, $"'general.alignment' must be a UINT32 but is {value.Type}");
        uint alignment = value.AsUInt32();
        if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > 1 << 30)
            throw _reader.Error(_alignmentOffset, $"'general.alignment' is {alignment}, which is not a power of two");
        return (int)alignment;
    }

    private static int MinEncodedSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        GgufValueType.String => 8,
        _ => 12, // array: element type + count
    };

    internal static long AlignUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private void CheckCancellation()
    {
        if (++_sinceCancellationCheck < CancellationCheckInterval) return;
        _sinceCancellationCheck = 0;
        _cancellationToken.ThrowIfCancellationRequested();
    }
}
