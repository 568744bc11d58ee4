namespace LlamaChat.Gguf;

/// <summary>
/// The description of one tensor in a GGUF file: its name, dimensions, storage type and where its data is.
/// Reading it does not read the tensor data.
/// </summary>
public sealed class GgufTensorInfo
{
    /// <summary>Creates a tensor description.</summary>
    /// <param name="name">The tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
    /// <param name="dimensions">The dimensions, innermost (row length) first, as GGUF stores them.</param>
    /// <param name="type">The storage type.</param>
    /// <param name="offset">The offset of the data from the start of the data section of its file.</param>
    /// <param name="partIndex">The index of the split file that holds the data (0 for a single file).</param>
    /// <param name="dataOffset">The absolute file offset of the data section of that file.</param>
    public GgufTensorInfo(string name, IReadOnlyList<long> dimensions, GgmlType type, long offset, int partIndex = 0, long dataOffset = 0)
    {
        Name = name;
        Dimensions = dimensions;
        Type = type;
        Offset = offset;
        PartIndex = partIndex;
        FileOffset = dataOffset + offset;
        ByteSize = GgmlTypeTraits.IsKnown(type) ? GgmlTypeTraits.TryGetByteSize(type, dimensions) : null;
        long count = 1;
        foreach (var d in dimensions) count = d == 0 ? 0 : (count > long.MaxValue / Math.Max(d, 1) ? long.MaxValue : count * d);
        ElementCount = count;
    }

    /// <summary>The tensor name, e.g. <c>blk.0.attn_q.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The dimensions, innermost (row length) first, as GGUF and ggml store them.</summary>
    public IReadOnlyList<long> Dimensions { get; }

    /// <summary>The storage type. May be a number outside <see cref="GgmlType"/> for types newer than LlamaChat.</summary>
    public GgmlType Type { get; }

    /// <summary>The offset of the data from the start of the data section of its file.</summary>
    public long Offset { get; }

    /// <summary>The absolute offset of the data in its file.</summary>
    public long FileOffset { get; }

    /// <summary>The index (0-based) of the split part that holds this tensor; 0 for a single file.</summary>
    public int PartIndex { get; }

    /// <summary>The number of values (product of the dimensions).</summary>
    public long ElementCount { get; }

    /// <summary>The size of the data in bytes, or <c>null</c> for a storage type LlamaChat does not know.</summary>
    public long? ByteSize { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Type} [{string.Join(", ", Dimensions)}] @ {Offset}";
}
