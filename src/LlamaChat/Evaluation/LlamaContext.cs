using LlamaChat.Models;
using LlamaChat.Native;

namespace LlamaChat.Evaluation;

/// <summary>
/// KV memory for one or more sequences of a model, and the decode thread that evaluates them in shared batches.
/// Disposing it disposes its sequences.
/// </summary>
public sealed class LlamaContext : IDisposable, IAsyncDisposable
{
    private readonly NativeContext _native;
    private readonly DecodeScheduler _scheduler;
    private readonly LlamaContextSequence?[] _sequences;
    private volatile bool _disposed;

    private readonly bool _performanceTracking;

    /// <summary>ggml's thread limit (GGML_MAX_N_THREADS).</summary>
    internal const int MaxThreads = 512;

    private LlamaContext(LlamaModel model, NativeContext native, int threads, bool performanceTracking)
    {
        _performanceTracking = performanceTracking;
        Model = model;
        _native = native;
        Threads = threads;
        _sequences = new LlamaContextSequence?[native.Sequences];
        _scheduler = new DecodeScheduler(native, $"LlamaChat decode ({Path.GetFileName(model.ModelPath)})");
    }

    internal static async Task<LlamaContext> CreateAsync(LlamaModel model, LlamaContextOptions options, CancellationToken cancellationToken)
    {
        var contextSize = ContextSizeResolver.Resolve(model, options);
        var threads = options.Threads ?? model.Llama.MaxThreads;
        if (threads is < 1 or > MaxThreads) throw new ContextCreationException($"Threads must be 1 to {MaxThreads}; got {threads}.");
        // A batch never needs to be larger than the context (llama.cpp would allocate logits for all of it).
        var batchSize = Math.Min(options.BatchSize ?? 512, contextSize * options.Sequences);
        if (batchSize < 1) throw new ContextCreationException($"BatchSize must be at least 1; got {options.BatchSize}.");
        if (!Enum.IsDefined(options.KeyCacheType) || !Enum.IsDefined(options.ValueCacheType))
            throw new ContextCreationException($"Unknown KV cache type ({options.KeyCacheType}, {options.ValueCacheType}); use a KvCacheType value.");
        CheckCacheTypes(model, options);
        cancellationToken.ThrowIfCancellationRequested();
        var native = await Task.Run(() =>
        {
            try
            {
                return NativeContext.Create(model.Native, new NativeContextParams(
                    contextSize, options.Sequences, batchSize, threads, threads,
                    options.FlashAttention switch { null => -1, true => 1, false => 0 },
                    (int)options.KeyCacheType, (int)options.ValueCacheType, options.PerformanceTracking));
            }
            catch (NativeContextCreationException e)
            {
                var reason = NativeBackend.RecentErrors is { Length: > 0 } lines ? $" llama.cpp said: {lines}" : "";
                throw new ContextCreationException(
                    $"llama.cpp could not create a context of {contextSize} tokens × {options.Sequences} sequences.{reason}", e);
            }
        }, CancellationToken.None).ConfigureAwait(false);
        return new LlamaContext(model, native, threads, options.PerformanceTracking);
    }

    // llama.cpp fails inside native code (a crash, not an error) on both of these, so they are refused here.
    private static void CheckCacheTypes(LlamaModel model, LlamaContextOptions options)
    {
        // Without flash attention V is stored transposed, one value per row, which cannot be quantized in blocks.
        if (options.FlashAttention == false && IsQuantized(options.ValueCacheType))
            throw new ContextCreationException(
                $"A quantized V cache ({options.ValueCacheType}) needs flash attention; set FlashAttention to true or null, or use F16 for ValueCacheType.");
        // Attention reads the cache one head at a time, so a head must hold whole quantization blocks.
        CheckHeadHoldsWholeBlocks("key", options.KeyCacheType, model.FileInfo.KeyLength);
        CheckHeadHoldsWholeBlocks("value", options.ValueCacheType, model.FileInfo.ValueLength);
    }

    private static void CheckHeadHoldsWholeBlocks(string part, KvCacheType type, int? headWidth)
    {
        if (!IsQuantized(type) || headWidth is not { } width || width % QuantizationBlockSize == 0) return;
        throw new ContextCreationException(
            $"The model's attention heads are {width} wide, which is not a multiple of {type}'s block of {QuantizationBlockSize}; use F16, BF16 or F32 for the {part} cache.");
    }

    // Every quantized type KvCacheType offers (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0) packs 32 values per block.
    private const int QuantizationBlockSize = 32;

    private static bool IsQuantized(KvCacheType type) => type is not (KvCacheType.F32 or KvCacheType.F16 or KvCacheType.BF16);

    /// <summary>The model.</summary>
    public LlamaModel Model { get; }

    /// <summary>Tokens each sequence can hold.</summary>
    public int ContextSize => _native.SequenceContextSize;

    /// <summary>Number of sequences the context was created with.</summary>
    public int TotalSequences => _native.Sequences;

    /// <summary>Sequences not handed out yet.</summary>
    public int SequencesLeft { get { lock (_sequences) return _sequences.Count(s => s is null); } }

    /// <summary>The most tokens decoded in one llama.cpp call.</summary>
    public int BatchSize => _native.BatchSize;

    /// <summary>Threads llama.cpp uses for this context.</summary>
    public int Threads { get; }

    internal NativeContext Native => _native;

    /// <summary>llama.cpp's timing of this context so far.</summary>
    /// <exception cref="InvalidOperationException">The context was created without <see cref="LlamaContextOptions.PerformanceTracking"/>.</exception>
    public async Task<LlamaContextPerformance> GetPerformanceAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_performanceTracking)
            throw new InvalidOperationException("Create the context with PerformanceTracking = true to read its timings.");
        var (prompt, eval, promptTokens, evalTokens) = await _scheduler.RunAsync(_native.GetTimings).ConfigureAwait(false);
        return new LlamaContextPerformance(TimeSpan.FromMilliseconds(prompt), TimeSpan.FromMilliseconds(eval), promptTokens, evalTokens);
    }
    internal DecodeScheduler Scheduler => _scheduler;

    /// <summary>Takes a free sequence.</summary>
    /// <exception cref="InsufficientContextException">Every sequence is in use.</exception>
    public LlamaContextSequence GetSequence(ContextShiftOptions? contextShift = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_sequences)
        {
            for (var id = 0; id < _sequences.Length; id++)
            {
                if (_sequences[id] is not null) continue;
                var sequence = new LlamaContextSequence(this, id, contextShift ?? new ContextShiftOptions());
                _sequences[id] = sequence;
                return sequence;
            }
        }
        throw new InsufficientContextException(
            $"No sequence is left: all {TotalSequences} of this context are in use. Dispose one, or create the context with more Sequences.");
    }

    internal void Release(LlamaContextSequence sequence)
    {
        lock (_sequences)
            if (_sequences[sequence.Id] == sequence) _sequences[sequence.Id] = null;
    }

    /// <summary>Whether the context has been disposed.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Disposes the sequences and frees the context's memory.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        LlamaContextSequence?[] sequences;
        lock (_sequences) sequences = [.. _sequences];
        foreach (var sequence in sequences) sequence?.MarkDisposed();
        _scheduler.Dispose();
        _native.Dispose();
        Model.OnContextDisposed(this);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
