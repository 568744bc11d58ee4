namespace LlamaChat.Gguf;

/// <summary>
/// Block layout of each <see cref="GgmlType"/>: how many values one block holds and how many bytes it
/// takes. This is what turns a tensor's dimensions into its size in the file.
/// </summary>
public static class GgmlTypeTraits
{
    // (values per block, bytes per block), from ggml's type_traits table.
    private static readonly Dictionary<GgmlType, (int BlockSize, int TypeSize)> Layouts = new()
    {
        [GgmlType.F32] = (1, 4),
        [GgmlType.F16] = (1, 2),
        [GgmlType.Q4_0] = (32, 18),
        [GgmlType.Q4_1] = (32, 20),
        [GgmlType.Q5_0] = (32, 22),
        [GgmlType.Q5_1] = (32, 24),
        [GgmlType.Q8_0] = (32, 34),
        [GgmlType.Q8_1] = (32, 36),
        [GgmlType.Q2_K] = (256, 84),
        [GgmlType.Q3_K] = (256, 110),
        [GgmlType.Q4_K] = (256, 144),
        [GgmlType.Q5_K] = (256, 176),
        [GgmlType.Q6_K] = (256, 210),
        [GgmlType.Q8_K] = (256, 292),
        [GgmlType.IQ2_XXS] = (256, 66),
        [GgmlType.IQ2_XS] = (256, 74),
        [GgmlType.IQ3_XXS] = (256, 98),
        [GgmlType.IQ1_S] = (256, 50),
        [GgmlType.IQ4_NL] = (32, 18),
        [GgmlType.IQ3_S] = (256, 110),
        [GgmlType.IQ2_S] = (256, 82),
        [GgmlType.IQ4_XS] = (256, 136),
        [GgmlType.I8] = (1, 1),
        [GgmlType.I16] = (1, 2),
        [GgmlType.I32] = (1, 4),
        [GgmlType.I64] = (1, 8),
        [GgmlType.F64] = (1, 8),
        [GgmlType.IQ1_M] = (256, 56),
        [GgmlType.BF16] = (1, 2),
        [GgmlType.TQ1_0] = (256, 54),
        [GgmlType.TQ2_0] = (256, 66),
        [GgmlType.MXFP4] = (32, 17),
        [GgmlType.NVFP4] = (64, 36),
        [GgmlType.Q1_0] = (128, 18),
    };

    /// <summary>Whether LlamaChat knows the block layout of <paramref name="type"/>.</summary>
    public static bool IsKnown(GgmlType type) => Layouts.ContainsKey(type);

    /// <summary>How many values one block of <paramref name="type"/> holds (1 for plain types like F32).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The type is not a known ggml type.</exception>
    public static int GetBlockSize(GgmlType type) => GetLayout(type).BlockSize;

    /// <summary>How many bytes one block of <paramref name="type"/> takes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The type is not a known ggml type.</exception>
    public static int GetTypeSize(GgmlType type) => GetLayout(type).TypeSize;

    /// <summary>
    /// The size in bytes of a tensor of <paramref name="type"/> with the given dimensions (innermost first,
    /// as in GGUF), or <c>null</c> when the first dimension is not a multiple of the block size or the size
    /// overflows a 64-bit integer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The type is not a known ggml type.</exception>
    public static long? TryGetByteSize(GgmlType type, IReadOnlyList<long> dimensions)
    {
        var (blockSize, typeSize) = GetLayout(type);
        if (dimensions.Count == 0) return typeSize;
        long rowLength = dimensions[0];
        if (rowLength < 0 || rowLength % blockSize != 0) return null;
        try
        {
            long size = checked(rowLength / blockSize * typeSize);
            for (int i = 1; i < dimensions.Count; i++)
            {
                if (dimensions[i] < 0) return null;
                size = checked(size * dimensions[i]);
            }
            return size;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The size in bytes of a tensor of <paramref name="type"/> with the given dimensions.</summary>
    /// <exception cref="ArgumentException">The first dimension is not a multiple of the block size, or the size overflows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The type is not a known ggml type.</exception>
    public static long GetByteSize(GgmlType type, IReadOnlyList<long> dimensions) =>
        TryGetByteSize(type, dimensions)
        ?? throw new ArgumentException(
            $"A {type} tensor of dimensions [{string.Join(", ", dimensions)}] has no valid size: the first dimension must be a non-negative multiple of {GetBlockSize(type)} and the size must fit in 64 bits.",
            nameof(dimensions));

    private static (int BlockSize, int TypeSize) GetLayout(GgmlType type) =>
        Layouts.TryGetValue(type, out var layout)
            ? layout
            : throw new ArgumentOutOfRangeException(nameof(type), type, $"Unknown ggml tensor type {(uint)type}.");
}
