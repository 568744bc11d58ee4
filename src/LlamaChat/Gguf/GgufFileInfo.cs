namespace LlamaChat.Gguf;

/// <summary>
/// What a GGUF file says about itself: version, metadata and tensor descriptions, read without loading
/// the weights (the equivalent of node-llama-cpp's <c>readGgufFileInfo</c>).
/// </summary>
/// <remarks>
/// <para>For a split model (<c>name-00001-of-00003.gguf</c>), <see cref="ReadAsync(string, GgufReadOptions?, CancellationToken)"/>
/// reads every part by default: <see cref="Metadata"/> is the first part's and <see cref="TensorInfos"/> lists the
/// tensors of all parts (each with its <see cref="GgufTensorInfo.PartIndex"/>).</para>
/// <para>Errors: a missing file, a directory, a missing split part or an unreadable file throw
/// <see cref="ModelFileException"/> (with the I/O exception as inner exception); a malformed file throws
/// <see cref="GgufFormatException"/> with the byte offset of the problem.</para>
/// </remarks>
public sealed class GgufFileInfo
{
    private GgufFileInfo(string? filePath, GgufMetadata metadata, IReadOnlyList<GgufTensorInfo> tensorInfos, IReadOnlyList<GgufFilePart> parts)
    {
        FilePath = filePath;
        Metadata = metadata;
        TensorInfos = tensorInfos;
        Parts = parts;
    }

    /// <summary>The path that was read (the first part for a split model), or <c>null</c> for a stream.</summary>
    public string? FilePath { get; }

    /// <summary>The GGUF version of the (first) file: 2 or 3.</summary>
    public int Version => Parts[0].Version;

    /// <summary>The number of tensors, summed over all parts of a split model.</summary>
    public long TensorCount => Parts.Sum(p => p.TensorCount);

    /// <summary>The metadata of the (first) file, in file order.</summary>
    public GgufMetadata Metadata { get; }

    /// <summary>
    /// The tensor descriptions of all parts, in file order; empty when <see cref="GgufReadOptions.ReadTensorInfo"/> is <c>false</c>.
    /// </summary>
    public IReadOnlyList<GgufTensorInfo> TensorInfos { get; }

    /// <summary>The layout of each file: one entry for a single file, one per part for a split model.</summary>
    public IReadOnlyList<GgufFilePart> Parts { get; }

    /// <summary>The number of files read: 1, or the number of parts of a split model.</summary>
    public int SplicedParts => Parts.Count;

    /// <summary>The size in bytes of the metadata key/value section of the first file.</summary>
    public long MetadataSize => Parts[0].MetadataSize;

    /// <summary>The size in bytes of the tensor info sections, summed over all parts.</summary>
    public long TensorInfoSize => Parts.Sum(p => p.TensorInfoSize);

    /// <summary>The alignment of the data section of the first file (<c>general.alignment</c>, 32 by default).</summary>
    public int Alignment => Parts[0].Alignment;

    /// <summary>The absolute offset where the tensor data of the first file begins.</summary>
    public long DataOffset => Parts[0].DataOffset;

    /// <summary>The total size in bytes of all parts.</summary>
    public long FileSize => Parts.Sum(p => p.FileSize);

    // ---------------------------------------------------------------- convenience metadata

    /// <summary><c>general.architecture</c>, e.g. <c>llama</c>, or <c>null</c>.</summary>
    public string? Architecture => Metadata.TryGetString("general.architecture", out var v) ? v : null;

    /// <summary><c>general.name</c>, or <c>null</c>.</summary>
    public string? Name => Metadata.TryGetString("general.name", out var v) ? v : null;

    /// <summary>The Jinja chat template (<c>tokenizer.chat_template</c>), or <c>null</c>.</summary>
    public string? ChatTemplate => Metadata.TryGetString("tokenizer.chat_template", out var v) ? v : null;

    /// <summary>The tokenizer model (<c>tokenizer.ggml.model</c>: <c>llama</c> for SentencePiece, <c>gpt2</c> for BPE...), or <c>null</c>.</summary>
    public string? TokenizerModel => Metadata.TryGetString("tokenizer.ggml.model", out var v) ? v : null;

    /// <summary>The pre-tokenizer (<c>tokenizer.ggml.pre</c>), or <c>null</c>.</summary>
    public string? TokenizerPre => Metadata.TryGetString("tokenizer.ggml.pre", out var v) ? v : null;

    /// <summary>The number of tokens (<c>tokenizer.ggml.tokens</c>, else <c>&lt;arch&gt;.vocab_size</c>), or <c>null</c>.</summary>
    public int? VocabularySize => Metadata.GetArrayLength("tokenizer.ggml.tokens") ?? ArchitectureInt("vocab_size");

    /// <summary>The context size the model was trained with (<c>&lt;arch&gt;.context_length</c>), or <c>null</c>.</summary>
    public int? TrainContextSize => ArchitectureInt("context_length");

    /// <summary>The embedding width (<c>&lt;arch&gt;.embedding_length</c>), or <c>null</c>.</summary>
    public int? EmbeddingLength => ArchitectureInt("embedding_length");

    /// <summary>The number of layers (<c>&lt;arch&gt;.block_count</c>), or <c>null</c>.</summary>
    public int? BlockCount => ArchitectureInt("block_count");

    /// <summary>The feed-forward width (<c>&lt;arch&gt;.feed_forward_length</c>), or <c>null</c> (also when it varies per layer).</summary>
    public int? FeedForwardLength => ArchitectureInt("feed_forward_length");

    /// <summary>The number of attention heads (<c>&lt;arch&gt;.attention.head_count</c>), or <c>null</c>.</summary>
    public int? HeadCount => ArchitectureInt("attention.head_count");

    /// <summary>The number of key/value heads (<c>&lt;arch&gt;.attention.head_count_kv</c>, else the head count), or <c>null</c>.</summary>
    public int? HeadCountKv => ArchitectureInt("attention.head_count_kv") ?? HeadCount;

    /// <summary>The width of one attention head's keys (<c>&lt;arch&gt;.attention.key_length</c>, else embedding length / head count), or <c>null</c>.</summary>
    public int? KeyLength => ArchitectureInt("attention.key_length") ?? HeadWidth;

    /// <summary>The width of one attention head's values (<c>&lt;arch&gt;.attention.value_length</c>, else embedding length / head count), or <c>null</c>.</summary>
    public int? ValueLength => ArchitectureInt("attention.value_length") ?? HeadWidth;

    private int? HeadWidth => EmbeddingLength is { } embedding && HeadCount is { } heads && heads > 0 ? embedding / heads : null;

    /// <summary>The file type (<c>general.file_type</c>, llama.cpp's <c>llama_ftype</c>: 0 = all F32, 1 = mostly F16, 7 = mostly Q8_0...), or <c>null</c>.</summary>
    public int? FileType => Metadata.TryGetInt32("general.file_type", out var v) ? v : null;

    /// <summary>
    /// The value of <c>&lt;architecture&gt;.<paramref name="suffix"/></c> (e.g. <c>"rope.freq_base"</c>), or <c>null</c>
    /// when the architecture or the key is missing.
    /// </summary>
    public GgufValue? GetArchitectureValue(string suffix) =>
        Architecture is { } arch ? Metadata.Find($"{arch}.{suffix}") : null;

    private int? ArchitectureInt(string suffix) =>
        Architecture is { } arch && Metadata.TryGetInt32($"{arch}.{suffix}", out var v) ? v : null;

    // ---------------------------------------------------------------- reading

    /// <summary>
    /// Reads the metadata and tensor descriptions of the GGUF file at <paramref name="path"/> (and of the other
    /// parts of a split model) without reading tensor data.
    /// </summary>
    /// <param name="path">The .gguf file, or any part of a split model.</param>
    /// <param name="options">What to read; <see cref="GgufReadOptions.Default"/> when <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelFileException">The file or a split part is missing, is a directory, or cannot be opened.</exception>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF file.</exception>
    public static Task<GgufFileInfo> ReadAsync(string path, GgufReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Parsing is CPU-bound over a buffered stream; keep it off the caller's synchronization context.
        return Task.Run(() => Read(path, options, cancellationToken), cancellationToken);
    }

    /// <summary>Synchronous form of <see cref="ReadAsync(string, GgufReadOptions?, CancellationToken)"/>.</summary>
    /// <exception cref="ModelFileException">The file or a split part is missing, is a directory, or cannot be opened.</exception>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF file.</exception>
    public static GgufFileInfo Read(string path, GgufReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= GgufReadOptions.Default;
        var partPaths = options.SpliceSplitFiles ? GgufSplitFiles.GetAllPartPaths(path) : [path];
        var results = new List<GgufParser.Result>(partPaths.Count);
        for (int i = 0; i < partPaths.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = OpenFile(partPaths[i], partPaths.Count > 1 ? (i + 1, partPaths.Count) : null);
            results.Add(GgufParser.Parse(stream, partPaths[i], options, i, cancellationToken));
        }
        return Combine(partPaths[0], results);
    }

    /// <summary>
    /// Reads GGUF metadata and tensor descriptions from a seekable stream positioned at the start of the GGUF data.
    /// </summary>
    /// <param name="stream">A readable, seekable stream. It is not disposed.</param>
    /// <param name="options">What to read; split options are ignored for a stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="GgufFormatException">The data is not valid GGUF.</exception>
    public static GgufFileInfo Read(Stream stream, GgufReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        var name = (stream as FileStream)?.Name;
        var result = GgufParser.Parse(stream, name, options ?? GgufReadOptions.Default, 0, cancellationToken);
        return Combine(name, [result]);
    }

    private static GgufFileInfo Combine(string? path, List<GgufParser.Result> results)
    {
        var tensors = results.Count == 1 ? results[0].Tensors : results.SelectMany(r => r.Tensors).ToList();
        return new GgufFileInfo(path, results[0].Metadata, tensors.AsReadOnly(), results.Select(r => r.Part).ToArray());
    }

    internal static FileStream OpenFile(string path, (int Part, int Count)? split = null)
    {
        string what = split is { } s ? $"Part {s.Part} of {s.Count} of the split GGUF model" : "The GGUF model file";
        if (Directory.Exists(path))
        {
            throw new ModelFileException(path, $"{what} '{path}' is a directory, not a file. Pass the path of the .gguf file inside it.");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            string hint = split is not null
                ? "All parts of a split model must be in the same folder with their original names."
                : "Check the path, or download the model first.";
            throw new ModelFileException(path, $"{what} '{path}' does not exist. {hint}", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ModelFileException(path, $"{what} '{path}' cannot be opened: {e.Message} Check its permissions and that no other program locks it.", e);
        }
    }
}
