using System.Buffers.Binary;

namespace LlamaChat.Gguf;

/// <summary>
/// Converts float values to and from the byte layout of the tensor types LlamaChat can write:
/// F32, F16, BF16 and Q8_0 (blocks of 32 values: an F16 scale followed by 32 signed bytes, 34 bytes).
/// </summary>
public static class GgmlTensorEncoder
{
    private const int Q8Block = 32;
    private const int Q8BlockBytes = 34;

    /// <summary>Whether <paramref name="type"/> can be encoded and decoded by this class.</summary>
    public static bool CanEncode(GgmlType type) => type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 or GgmlType.Q8_0;

    /// <summary>The number of bytes <paramref name="valueCount"/> values take in <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">The type cannot be encoded, or the count is not a multiple of its block size.</exception>
    public static long GetEncodedSize(GgmlType type, long valueCount)
    {
        EnsureSupported(type);
        return GgmlTypeTraits.GetByteSize(type, [valueCount]);
    }

    /// <summary>Encodes <paramref name="values"/> into <paramref name="destination"/> as <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">The type cannot be encoded, the value count is not a multiple of the block size, or the destination is too small.</exception>
    public static void Encode(GgmlType type, ReadOnlySpan<float> values, Span<byte> destination)
    {
        long size = GetEncodedSize(type, values.Length);
        if (destination.Length < size)
            throw new ArgumentException($"Encoding {values.Length} values as {type} needs {size} bytes but the destination has {destination.Length}.", nameof(destination));
        switch (type)
        {
            case GgmlType.F32:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], values[i]);
                break;
            case GgmlType.F16:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)values[i]);
                break;
            case GgmlType.BF16:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], ToBFloat16(values[i]));
                break;
            case GgmlType.Q8_0:
                for (int block = 0; block < values.Length / Q8Block; block++)
                    EncodeQ8Block(values.Slice(block * Q8Block, Q8Block), destination.Slice(block * Q8BlockBytes, Q8BlockBytes));
                break;
        }
    }

    /// <summary>Decodes <paramref name="source"/> (data of <paramref name="type"/>) into <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The type cannot be decoded, or the source is too small.</exception>
    public static void Decode(GgmlType type, ReadOnlySpan<byte> source, Span<float> values)
    {
        long size = GetEncodedSize(type, values.Length);
        if (source.Length < size)
            throw new ArgumentException($"Decoding {values.Length} {type} values needs {size} bytes but the source has {source.Length}.", nameof(source));
        switch (type)
        {
            case GgmlType.F32:
                for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                break;
            case GgmlType.F16:
                for (int i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                break;
            case GgmlType.BF16:
                for (int i = 0; i < values.Length; i++) values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]) << 16);
                break;
            case GgmlType.Q8_0:
                for (int block = 0; block < values.Length / Q8Block; block++)
                {
                    var bytes = source.Slice(block * Q8BlockBytes, Q8BlockBytes);
                    float scale = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes);
                    for (int j = 0; j < Q8Block; j++) values[block * Q8Block + j] = scale * (sbyte)bytes[2 + j];
                }
                break;
        }
    }

    // Same rounding as ggml's reference quantizer: scale = max|x| / 127, values rounded half away from zero.
    private static void EncodeQ8Block(ReadOnlySpan<float> values, Span<byte> destination)
    {
        float amax = 0;
        foreach (var v in values) amax = Math.Max(amax, Math.Abs(v));
        float scale = amax / 127f;
        float inverse = scale != 0 ? 1f / scale : 0f;
        BinaryPrimitives.WriteHalfLittleEndian(destination, (Half)scale);
        for (int j = 0; j < values.Length; j++)
            destination[2 + j] = (byte)(sbyte)MathF.Round(values[j] * inverse, MidpointRounding.AwayFromZero);
    }

    private static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7fffffff) > 0x7f800000) return (ushort)((bits >> 16) | 64); // keep NaN a quiet NaN
        return (ushort)((bits + (0x7fff + ((bits >> 16) & 1))) >> 16); // round to nearest even
    }

    private static void EnsureSupported(GgmlType type)
    {
        if (!CanEncode(type))
            throw new ArgumentException($"LlamaChat can encode tensors as F32, F16, BF16 or Q8_0, not {type}.", nameof(type));
    }
}
