namespace LlamaChat.Gguf;

/// <summary>
/// The layout of one GGUF file: a single-file model has one part, a split model
/// (<c>name-00001-of-00003.gguf</c>...) one per file.
/// </summary>
public sealed class GgufFilePart
{
    internal GgufFilePart(string? path, int version, long tensorCount, long metadataCount, long metadataSize,
        long tensorInfoSize, int alignment, long dataOffset, long fileSize)
    {
        Path = path;
        Version = version;
        TensorCount = tensorCount;
        MetadataCount = metadataCount;
        MetadataSize = metadataSize;
        TensorInfoSize = tensorInfoSize;
        Alignment = alignment;
        DataOffset = dataOffset;
        FileSize = fileSize;
    }

    /// <summary>The file path, or <c>null</c> when a stream without a name was read.</summary>
    public string? Path { get; }

    /// <summary>The GGUF format version (2 or 3).</summary>
    public int Version { get; }

    /// <summary>The number of tensors described in this file.</summary>
    public long TensorCount { get; }

    /// <summary>The number of metadata key/value pairs in this file.</summary>
    public long MetadataCount { get; }

    /// <summary>The size in bytes of the metadata key/value section (after the 24-byte header).</summary>
    public long MetadataSize { get; }

    /// <summary>The size in bytes of the tensor info section (after the metadata).</summary>
    public long TensorInfoSize { get; }

    /// <summary>The alignment of the data section (<c>general.alignment</c>, 32 when absent).</summary>
    public int Alignment { get; }

    /// <summary>The absolute offset where the tensor data section begins.</summary>
    public long DataOffset { get; }

    /// <summary>The file size in bytes.</summary>
    public long FileSize { get; }
}
