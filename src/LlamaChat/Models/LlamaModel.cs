using System.Text;
using LlamaChat.Evaluation;
using LlamaChat.Gguf;
using LlamaChat.Native;
using LlamaChat.Text;

namespace LlamaChat.Models;

/// <summary>
/// A loaded GGUF model: its tokenizer, token metadata and facts, and the factory for contexts.
/// Disposing it disposes its contexts.
/// </summary>
public sealed class LlamaModel : ILlamaTokenizer, IDisposable
{
    private readonly NativeModel _native;
    private readonly List<LlamaContext> _contexts = [];
    private volatile bool _disposed;

    private LlamaModel(Llama llama, NativeModel native, LlamaModelOptions options, GgufFileInfo fileInfo)
    {
        Llama = llama;
        FileInfo = fileInfo;
        _native = native;
        ModelPath = options.ModelPath;
        IsVocabOnly = options.VocabOnly;
        GpuLayers = llama.Gpu == GpuType.Cpu ? 0 : native.LayerCount;
        Tokens = ReadTokens(native);
        Fingerprint = ModelFingerprint.Compute(native);
    }

    internal static async Task<LlamaModel> LoadAsync(Llama llama, LlamaModelOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
            throw new ArgumentException("A model path is required.", nameof(options));
        var path = Path.GetFullPath(options.ModelPath);
        // Reading the whole header first turns a missing, foreign or damaged file into a precise exception
        // (with the byte offset) instead of a generic llama.cpp failure — or an assert that kills the process.
        var fileInfo = await GgufFileInfo.ReadAsync(path, null, cancellationToken).ConfigureAwait(false);
        HyperparameterCheck.ValidateOverrideTypes(path, fileInfo, options.MetadataOverrides);
        VocabularyCheck.Validate(path, fileInfo, options.MetadataOverrides);
        if (!options.VocabOnly) HyperparameterCheck.Validate(path, fileInfo, options.MetadataOverrides);
        cancellationToken.ThrowIfCancellationRequested();

        var loadParams = new NativeModelLoadParams(
            path,
            ResolveGpuLayers(llama, options.GpuLayers),
            options.UseMmap && NativeBackend.SupportsMmap,
            options.UseMlock,
            options.VocabOnly,
            options.MetadataOverrides,
            progress =>
            {
                options.OnLoadProgress?.Invoke(progress);
                options.Progress?.Report(progress);
                return !cancellationToken.IsCancellationRequested; // false makes llama.cpp stop loading
            });

        return await Task.Run(() =>
        {
            NativeBackend.ClearErrors();
            NativeModel native;
            try
            {
                native = NativeModel.Load(loadParams);
            }
            catch (NativeLoadFailedException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var reason = NativeBackend.RecentErrors is { Length: > 0 } e ? $": {e}" : ".";
                throw new ModelLoadException(path, $"llama.cpp could not load the model '{path}'{reason}");
            }
            catch (ArgumentException e)
            {
                throw new ModelLoadException(path, $"Invalid options for loading '{path}': {e.Message}", e);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                native.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }
            return new LlamaModel(llama, native, options with { ModelPath = path }, fileInfo);
        }, CancellationToken.None).ConfigureAwait(false);
    }

    private static int ResolveGpuLayers(Llama llama, GpuLayers layers)
    {
        if (llama.Gpu == GpuType.Cpu) return 0;
        if (layers.Count is { } count) return count;
        return -1; // llama.cpp: all layers
    }

    private static LlamaModelTokens ReadTokens(NativeModel native)
    {
        string? Text(int? token) => token is { } t ? Encoding.UTF8.GetString(native.GetPiece(t, special: true)) : null;
        return new LlamaModelTokens
        {
            Bos = native.Bos, Eos = native.Eos, Eot = native.Eot, Sep = native.Sep, Nl = native.Newline,
            BosString = Text(native.Bos), EosString = Text(native.Eos), EotString = Text(native.Eot),
            SepString = Text(native.Sep), NlString = Text(native.Newline),
            ShouldPrependBos = native.ShouldAddBos && native.Bos is not null,
            ShouldAppendEos = native.ShouldAddEos,
            Infill = new InfillTokens(native.InfillPrefix, native.InfillMiddle, native.InfillSuffix),
        };
    }

    /// <summary>The llama.cpp entry point this model was loaded from.</summary>
    public Llama Llama { get; }

    /// <summary>The full path of the model file.</summary>
    public string ModelPath { get; }

    /// <summary>Whether only the vocabulary was loaded (such a model can tokenize but not evaluate).</summary>
    public bool IsVocabOnly { get; }

    /// <summary>How many layers are offloaded to the GPU.</summary>
    public int GpuLayers { get; }

    /// <summary>The special tokens.</summary>
    public LlamaModelTokens Tokens { get; }

    /// <summary>Number of tokens in the vocabulary.</summary>
    public int VocabularySize => _native.VocabularySize;

    /// <summary>The context size the model was trained with.</summary>
    public int TrainContextSize => _native.TrainContextSize;

    /// <summary>Length of the model's embedding vectors.</summary>
    public int EmbeddingSize => _native.EmbeddingSize;

    /// <summary>Number of layers.</summary>
    public int LayerCount => _native.LayerCount;

    /// <summary>Size of the weights in bytes.</summary>
    public long Size => (long)_native.SizeInBytes;

    /// <summary>Number of parameters.</summary>
    public long ParameterCount => (long)_native.ParameterCount;

    /// <summary>llama.cpp's one-line description (architecture, size, file type).</summary>
    public string Description => _native.Description;

    /// <summary>Everything the GGUF file says about itself: metadata (arrays included) and tensor descriptions.</summary>
    public GgufFileInfo FileInfo { get; }

    /// <summary>The Jinja chat template stored in the file, if any.</summary>
    public string? ChatTemplate => FileInfo.ChatTemplate;

    /// <summary>A GGUF metadata value as llama.cpp reports it (arrays are not available this way).</summary>
    public string? GetMetadataString(string key)
    {
        ThrowIfDisposed();
        return _native.GetMetadata(key);
    }

    internal NativeModel Native { get { ThrowIfDisposed(); return _native; } }
    internal string Fingerprint { get; }

    /// <inheritdoc />
    public int[] Tokenize(string text, bool specialTokens = false, bool trimLeadingSpace = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfDisposed();
        return _native.Tokenize(text, specialTokens, trimLeadingSpace);
    }

    /// <summary>Tokenizes text and, when the model expects one, puts BOS first.</summary>
    public int[] TokenizeWithBos(string text, bool specialTokens = false)
    {
        var tokens = Tokenize(text, specialTokens);
        return Tokens.ShouldPrependBos && Tokens.Bos is { } bos ? [bos, .. tokens] : tokens;
    }

    /// <inheritdoc />
    public int? GetSpecialToken(SpecialToken token) => token switch
    {
        SpecialToken.Bos => Tokens.Bos,
        SpecialToken.Eos => Tokens.Eos,
        SpecialToken.Eot => Tokens.Eot ?? Tokens.Eos,
        SpecialToken.Nl => Tokens.Nl,
        SpecialToken.Sep => Tokens.Sep,
        _ => null,
    };

    /// <inheritdoc />
    public string Detokenize(ReadOnlySpan<int> tokens, bool specialTokens = false, ReadOnlySpan<int> lastTokens = default)
    {
        ThrowIfDisposed();
        foreach (var token in tokens) _native.CheckToken(token);
        if (lastTokens.IsEmpty) return Encoding.UTF8.GetString(_native.GetBytes(tokens, specialTokens));
        foreach (var token in lastTokens) _native.CheckToken(token);
        // Detokenizing the tail of the earlier text too gets the spacing at the seam right.
        var context = lastTokens.Length > 16 ? lastTokens[^16..] : lastTokens;
        var before = Encoding.UTF8.GetString(_native.GetBytes(context, specialTokens));
        var all = new int[context.Length + tokens.Length];
        context.CopyTo(all);
        tokens.CopyTo(all.AsSpan(context.Length));
        var full = Encoding.UTF8.GetString(_native.GetBytes(all, specialTokens));
        return full.StartsWith(before, StringComparison.Ordinal)
            ? full[before.Length..]
            : Encoding.UTF8.GetString(_native.GetBytes(tokens, specialTokens));
    }

    /// <summary>The raw bytes of a token's text (may be part of a UTF-8 character).</summary>
    public ReadOnlySpan<byte> GetTokenBytes(int token, bool specialTokens = false)
    {
        ThrowIfDisposed();
        return _native.GetPiece(token, specialTokens);
    }

    /// <summary>The token's entry in the vocabulary, as stored (e.g. <c>&lt;0x0A&gt;</c> or <c>▁Hello</c>).</summary>
    public string GetTokenText(int token) { ThrowIfDisposed(); return _native.GetTokenText(token); }

    /// <summary>The vocabulary's attributes of a token.</summary>
    public TokenAttributes GetTokenAttributes(int token) { ThrowIfDisposed(); return (TokenAttributes)_native.GetAttributes(token); }

    /// <summary>Whether a token ends generation (EOS, EOT or another end-of-generation token).</summary>
    public bool IsEogToken(int token)
    {
        ThrowIfDisposed();
        return token == Tokens.Eos || token == Tokens.Eot || _native.IsEog(token);
    }

    /// <summary>
    /// Whether a token is special: a control token, an end-of-generation token, or one whose text appears only
    /// when special tokens are rendered.
    /// </summary>
    public bool IsSpecialToken(int token)
    {
        var attributes = GetTokenAttributes(token);
        if ((attributes & TokenAttributes.Control) != 0 || IsEogToken(token)) return true;
        return (attributes & TokenAttributes.Normal) != 0
            && _native.GetPiece(token, special: false).IsEmpty
            && !_native.GetPiece(token, special: true).IsEmpty;
    }

    /// <summary>Creates a context: KV memory for one or more sequences.</summary>
    /// <exception cref="ContextCreationException">The options are invalid or the context does not fit in memory.</exception>
    public async Task<LlamaContext> CreateContextAsync(LlamaContextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (IsVocabOnly)
            throw new ContextCreationException(
                $"The model '{Path.GetFileName(ModelPath)}' was loaded with VocabOnly = true: it can tokenize but not evaluate. " +
                "Load it without VocabOnly to create a context.");
        var context = await LlamaContext.CreateAsync(this, options ?? new LlamaContextOptions(), cancellationToken).ConfigureAwait(false);
        lock (_contexts) _contexts.Add(context);
        return context;
    }

    internal void OnContextDisposed(LlamaContext context)
    {
        lock (_contexts) _contexts.Remove(context);
    }

    /// <summary>Whether the model has been disposed.</summary>
    public bool IsDisposed => _disposed;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Disposes the model and every context created from it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        LlamaContext[] contexts;
        lock (_contexts) contexts = [.. _contexts];
        foreach (var context in contexts) context.Dispose();
        _disposed = true;
        _native.Dispose();
        Llama.OnModelDisposed(this);
    }
}
