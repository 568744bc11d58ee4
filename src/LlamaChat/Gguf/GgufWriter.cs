using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace LlamaChat.Gguf;

/// <summary>
/// Writes GGUF v3 files: any metadata (every value type, nested arrays included) and tensors whose data is
/// produced while writing, so files larger than memory can be written.
/// </summary>
/// <remarks>
/// <para>Add metadata with <see cref="SetMetadata(string, GgufValue)"/> (pairs keep the order they were first
/// set in), tensors with one of the <c>AddTensor</c> overloads, then call <see cref="WriteAsync(string, CancellationToken)"/>.
/// The data section and every tensor start at a multiple of <see cref="Alignment"/> (32 by default, stored as
/// <c>general.alignment</c> when different).</para>
/// <para>A tensor's data comes from a <see cref="GgufTensorDataWriter"/> (raw bytes), a
/// <see cref="GgufTensorRowSource"/> (float rows encoded to F32/F16/BF16/Q8_0 on the fly) or a float array.</para>
/// </remarks>
public sealed class GgufWriter
{
    private const int Version = 3;
    private const int MaxTensorNameBytes = 63; // GGML_MAX_NAME minus the terminating NUL
    private const int RowChunkBytes = 1 << 20;

    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly List<TensorEntry> _tensors = [];
    private int _alignment = GgufParser.DefaultAlignment;

    private sealed record TensorEntry(string Name, GgmlType Type, long[] Dimensions, long Size, GgufTensorDataWriter WriteData);

    /// <summary>
    /// The alignment of the data section and of each tensor, a power of two (default 32). Setting a value other
    /// than 32 also sets <c>general.alignment</c>; setting <c>general.alignment</c> also sets this.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a power of two.</exception>
    public int Alignment
    {
        get => _alignment;
        set
        {
            if (value <= 0 || (value & (value - 1)) != 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "The GGUF alignment must be a positive power of two.");
            _alignment = value;
            if (value != GgufParser.DefaultAlignment || FindIndex("general.alignment") >= 0)
                Put("general.alignment", GgufValue.Of((uint)value));
        }
    }

    /// <summary>The metadata pairs in the order they will be written.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata => _metadata.AsReadOnly();

    /// <summary>The names of the tensors in the order they will be written.</summary>
    public IReadOnlyList<string> TensorNames => _tensors.Select(t => t.Name).ToArray();

    /// <summary>
    /// Sets metadata <paramref name="key"/>. A new key goes after the existing ones; an existing key keeps its position.
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty, or <c>general.alignment</c> is not a UINT32 power of two.</exception>
    public GgufWriter SetMetadata(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key == "general.alignment")
        {
            if (value.Type != GgufValueType.UInt32 || value.AsUInt32() is var a && (a == 0 || (a & (a - 1)) != 0))
                throw new ArgumentException("'general.alignment' must be a UINT32 power of two.", nameof(value));
            _alignment = (int)value.AsUInt32();
        }
        Put(key, value);
        return this;
    }

    /// <summary>Sets every pair of <paramref name="metadata"/>, in its order.</summary>
    public GgufWriter SetMetadata(IEnumerable<KeyValuePair<string, GgufValue>> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var (key, value) in metadata) SetMetadata(key, value);
        return this;
    }

    /// <summary>Removes metadata <paramref name="key"/>; returns whether it was present.</summary>
    public bool RemoveMetadata(string key)
    {
        int index = FindIndex(key);
        if (index < 0) return false;
        _metadata.RemoveAt(index);
        if (key == "general.alignment") _alignment = GgufParser.DefaultAlignment;
        return true;
    }

    /// <summary>Removes every metadata key for which <paramref name="predicate"/> is true; returns how many were removed.</summary>
    public int RemoveMetadata(Func<string, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var keys = _metadata.Where(e => predicate(e.Key)).Select(e => e.Key).ToList();
        foreach (var key in keys) RemoveMetadata(key);
        return keys.Count;
    }

    /// <summary>The value of metadata <paramref name="key"/>, or <c>null</c>.</summary>
    public GgufValue? GetMetadata(string key) => FindIndex(key) is var i and >= 0 ? _metadata[i].Value : null;

    /// <summary>
    /// Adds a tensor whose raw bytes (exactly the size of <paramref name="type"/> × <paramref name="dimensions"/>)
    /// are written by <paramref name="writeData"/> when its turn comes.
    /// </summary>
    /// <param name="name">The tensor name (at most 63 UTF-8 bytes), unique in the file.</param>
    /// <param name="type">The storage type.</param>
    /// <param name="dimensions">1 to 4 dimensions, innermost first; the first must be a multiple of the type's block size.</param>
    /// <param name="writeData">Writes the data.</param>
    /// <exception cref="ArgumentException">The name is empty, too long or taken, or the dimensions do not fit the type.</exception>
    public GgufWriter AddTensor(string name, GgmlType type, IReadOnlyList<long> dimensions, GgufTensorDataWriter writeData)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        var dims = ValidateTensor(name, type, dimensions);
        _tensors.Add(new TensorEntry(name, type, dims, GgmlTypeTraits.GetByteSize(type, dims), writeData));
        return this;
    }

    /// <summary>
    /// Adds a tensor whose values are produced row by row by <paramref name="rows"/> and encoded to
    /// <paramref name="type"/> (F32, F16, BF16 or Q8_0) while writing.
    /// </summary>
    /// <exception cref="ArgumentException">The name is invalid or taken, the type cannot be encoded, or the dimensions do not fit the type.</exception>
    public GgufWriter AddTensor(string name, GgmlType type, IReadOnlyList<long> dimensions, GgufTensorRowSource rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!GgmlTensorEncoder.CanEncode(type))
            throw new ArgumentException($"Tensor '{name}': LlamaChat can encode F32, F16, BF16 or Q8_0 rows, not {type}.", nameof(type));
        var dims = ValidateTensor(name, type, dimensions);
        long rowLength = dims[0];
        long rowCount = dims.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (rowLength > Array.MaxLength)
            throw new ArgumentException($"Tensor '{name}' has rows of {rowLength} values, too long to encode in memory.", nameof(dimensions));
        _tensors.Add(new TensorEntry(name, type, dims, GgmlTypeTraits.GetByteSize(type, dims),
            (stream, ct) => WriteRowsAsync(stream, type, (int)rowLength, rowCount, rows, ct)));
        return this;
    }

    /// <summary>Adds a tensor from <paramref name="values"/> (copied), stored as <paramref name="type"/> (F32, F16, BF16 or Q8_0).</summary>
    /// <exception cref="ArgumentException">The value count does not match the dimensions, or see the other overloads.</exception>
    public GgufWriter AddTensor(string name, IReadOnlyList<long> dimensions, ReadOnlySpan<float> values, GgmlType type = GgmlType.F32)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        long count = dimensions.Aggregate(1L, (a, b) => a * b);
        if (count != values.Length)
            throw new ArgumentException($"Tensor '{name}' of dimensions [{string.Join(", ", dimensions)}] needs {count} values, but {values.Length} were given.", nameof(values));
        var copy = values.ToArray();
        long rowLength = dimensions.Count == 0 ? 1 : dimensions[0];
        return AddTensor(name, type, dimensions, (row, span) => copy.AsSpan((int)(row * rowLength), span.Length).CopyTo(span));
    }

    /// <summary>Removes tensor <paramref name="name"/>; returns whether it was present.</summary>
    public bool RemoveTensor(string name) => _tensors.RemoveAll(t => t.Name == name) > 0;

    /// <summary>The size in bytes of the file <see cref="WriteAsync(Stream, CancellationToken)"/> would write now.</summary>
    public long ComputeFileSize()
    {
        long size = GgufParser.AlignUp(BuildHeader().Length, _alignment);
        foreach (var tensor in _tensors) size = GgufParser.AlignUp(size + tensor.Size, _alignment);
        return size;
    }

    /// <summary>
    /// Writes the file to <paramref name="path"/>, replacing any file there. On failure or cancellation the partial
    /// file is deleted.
    /// </summary>
    /// <exception cref="ModelFileException">The file cannot be created.</exception>
    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"Cannot create the GGUF file '{path}': {e.Message} Check that the folder exists and is writable.", e);
        }
        bool completed = false;
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await WriteAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            completed = true;
        }
        finally
        {
            if (!completed) TryDelete(path);
        }
    }

    /// <summary>Writes the file to <paramref name="destination"/> (which is not disposed).</summary>
    /// <exception cref="InvalidOperationException">A tensor data writer wrote more or fewer bytes than the tensor's size.</exception>
    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var header = BuildHeader();
        await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        long position = header.Length;
        foreach (var tensor in _tensors)
        {
            position = await PadAsync(destination, position, cancellationToken).ConfigureAwait(false);
            var counter = new CountingStream(destination, tensor.Name, tensor.Size);
            await tensor.WriteData(counter, cancellationToken).ConfigureAwait(false);
            if (counter.Written != tensor.Size)
                throw new InvalidOperationException($"The data writer of tensor '{tensor.Name}' wrote {counter.Written} bytes, but a {tensor.Type} tensor of dimensions [{string.Join(", ", tensor.Dimensions)}] takes {tensor.Size}.");
            position += tensor.Size;
        }
        await PadAsync(destination, position, cancellationToken).ConfigureAwait(false);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A writer holding all metadata and tensors of the GGUF file (or split model) at <paramref name="path"/>; each
    /// tensor's bytes are copied unchanged from the source when written. Edit the metadata, then write it elsewhere.
    /// A split model becomes a single file: its <c>split.*</c> keys are dropped.
    /// </summary>
    /// <exception cref="ModelFileException">The file cannot be opened.</exception>
    /// <exception cref="GgufFormatException">The file is not valid GGUF.</exception>
    /// <exception cref="NotSupportedException">A tensor has a storage type LlamaChat does not know, so its size is unknown.</exception>
    public static async Task<GgufWriter> FromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = await GgufFileInfo.ReadAsync(path, GgufReadOptions.Default, cancellationToken).ConfigureAwait(false);
        var writer = new GgufWriter();
        foreach (var (key, value) in info.Metadata)
        {
            if (info.SplicedParts > 1 && key.StartsWith("split.", StringComparison.Ordinal)) continue;
            writer.SetMetadata(key, value);
        }
        foreach (var tensor in info.TensorInfos)
        {
            if (tensor.ByteSize is not long size)
                throw new NotSupportedException($"Tensor '{tensor.Name}' of '{path}' has storage type {(uint)tensor.Type}, which LlamaChat does not know, so it cannot be copied.");
            string sourcePath = info.Parts[tensor.PartIndex].Path!;
            long sourceOffset = tensor.FileOffset;
            writer.AddTensor(tensor.Name, tensor.Type, tensor.Dimensions,
                (stream, ct) => CopyRangeAsync(sourcePath, sourceOffset, size, stream, ct));
        }
        return writer;
    }

    // ---------------------------------------------------------------- internals

    private static async Task CopyRangeAsync(string path, long offset, long size, Stream destination, CancellationToken ct)
    {
        await using var source = GgufFileInfo.OpenFile(path);
        source.Seek(offset, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent(RowChunkBytes);
        try
        {
            while (size > 0)
            {
                int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, size)), ct).ConfigureAwait(false);
                if (read <= 0) throw new GgufFormatException(path, source.Position, "the file ended while copying tensor data");
                await destination.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                size -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task WriteRowsAsync(Stream stream, GgmlType type, int rowLength, long rowCount, GgufTensorRowSource rows, CancellationToken ct)
    {
        int rowBytes = (int)GgmlTensorEncoder.GetEncodedSize(type, rowLength);
        int rowsPerChunk = Math.Max(1, RowChunkBytes / Math.Max(rowBytes, 1));
        var values = new float[rowLength];
        var chunk = new byte[(long)rowsPerChunk * rowBytes];
        for (long row = 0; row < rowCount;)
        {
            ct.ThrowIfCancellationRequested();
            int n = (int)Math.Min(rowsPerChunk, rowCount - row);
            for (int i = 0; i < n; i++, row++)
            {
                Array.Clear(values);
                rows(row, values);
                GgmlTensorEncoder.Encode(type, values, chunk.AsSpan(i * rowBytes, rowBytes));
            }
            await stream.WriteAsync(chunk.AsMemory(0, n * rowBytes), ct).ConfigureAwait(false);
        }
    }

    private async Task<long> PadAsync(Stream destination, long position, CancellationToken ct)
    {
        long aligned = GgufParser.AlignUp(position, _alignment);
        if (aligned > position) await destination.WriteAsync(new byte[aligned - position], ct).ConfigureAwait(false);
        return aligned;
    }

    /// <summary>
    /// The bytes the file starts with: header, metadata and tensor infos, before the padding and tensor data.
    /// Useful to hash a file's description without writing it.
    /// </summary>
    public byte[] BuildHeaderBytes() => BuildHeader();

    private byte[] BuildHeader()
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("GGUF"u8);
            w.Write((uint)Version);
            w.Write((ulong)_tensors.Count);
            w.Write((ulong)_metadata.Count);
            foreach (var (key, value) in _metadata)
            {
                WriteString(w, Encoding.UTF8.GetBytes(key));
                w.Write((uint)value.Type);
                WriteValue(w, value);
            }
            long offset = 0;
            foreach (var tensor in _tensors)
            {
                WriteString(w, Encoding.UTF8.GetBytes(tensor.Name));
                w.Write((uint)tensor.Dimensions.Length);
                foreach (var d in tensor.Dimensions) w.Write((ulong)d);
                w.Write((uint)tensor.Type);
                w.Write((ulong)offset);
                offset = GgufParser.AlignUp(offset + tensor.Size, _alignment);
            }
        }
        return buffer.ToArray();
    }

    private static void WriteString(BinaryWriter w, byte[] utf8)
    {
        w.Write((ulong)utf8.Length);
        w.Write(utf8);
    }

    private static void WriteValue(BinaryWriter w, GgufValue value)
    {
        if (value.Type == GgufValueType.String)
        {
            WriteString(w, value.GetStringBytes());
            return;
        }
        if (!value.IsArray)
        {
            WriteScalar(w, value.Storage);
            return;
        }
        var elementType = value.ElementType!.Value;
        w.Write((uint)elementType);
        w.Write((ulong)value.Length);
        switch (value.Storage)
        {
            case string[] strings:
                for (int i = 0; i < strings.Length; i++) WriteString(w, value.GetStringBytes(i));
                break;
            case GgufValue[] nested:
                foreach (var item in nested) WriteValue(w, item);
                break;
            case bool[] bools:
                foreach (var b in bools) w.Write((byte)(b ? 1 : 0));
                break;
            case Array array:
                WritePrimitiveArray(w, array);
                break;
        }
    }

    private static void WritePrimitiveArray(BinaryWriter w, Array array)
    {
        switch (array)
        {
            case byte[] a: w.Write(a); break;
            case sbyte[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case ushort[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case short[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case uint[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case int[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case ulong[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case long[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case float[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
            case double[] a: w.Write(MemoryMarshal.AsBytes(a.AsSpan())); break;
        }
    }

    private static void WriteScalar(BinaryWriter w, object value)
    {
        switch (value)
        {
            case byte v: w.Write(v); break;
            case sbyte v: w.Write(v); break;
            case ushort v: w.Write(v); break;
            case short v: w.Write(v); break;
            case uint v: w.Write(v); break;
            case int v: w.Write(v); break;
            case ulong v: w.Write(v); break;
            case long v: w.Write(v); break;
            case float v: w.Write(v); break;
            case double v: w.Write(v); break;
            case bool v: w.Write((byte)(v ? 1 : 0)); break;
        }
    }

    private long[] ValidateTensor(string name, GgmlType type, IReadOnlyList<long> dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (Encoding.UTF8.GetByteCount(name) > MaxTensorNameBytes)
            throw new ArgumentException($"Tensor name '{name}' is longer than {MaxTensorNameBytes} UTF-8 bytes, which llama.cpp refuses.", nameof(name));
        if (_tensors.Any(t => t.Name == name))
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        if (!GgmlTypeTraits.IsKnown(type))
            throw new ArgumentException($"Tensor '{name}': unknown storage type {(uint)type}.", nameof(type));
        if (dimensions.Count is < 1 or > 4)
            throw new ArgumentException($"Tensor '{name}' has {dimensions.Count} dimensions; ggml supports 1 to 4.", nameof(dimensions));
        var dims = dimensions.ToArray();
        if (GgmlTypeTraits.TryGetByteSize(type, dims) is null)
            throw new ArgumentException($"Tensor '{name}' of type {type} and dimensions [{string.Join(", ", dims)}] is invalid: dimensions must be non-negative, the first a multiple of {GgmlTypeTraits.GetBlockSize(type)}, and the size must fit in 64 bits.", nameof(dimensions));
        return dims;
    }

    private int FindIndex(string key) => _metadata.FindIndex(e => e.Key == key);

    private void Put(string key, GgufValue value)
    {
        int index = FindIndex(key);
        if (index >= 0) _metadata[index] = new(key, value);
        else _metadata.Add(new(key, value));
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Passes writes through while counting them, and stops a data writer that writes too much.</summary>
    private sealed class CountingStream(Stream inner, string tensorName, long limit) : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count(buffer.Length);
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        private void Count(int bytes)
        {
            if (Written + bytes > limit)
                throw new InvalidOperationException($"The data writer of tensor '{tensorName}' wrote more than the tensor's {limit} bytes.");
            Written += bytes;
        }
    }
}
