using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LLama.Native;

namespace LlamaChat.Native;

/// <summary>
/// A llama.cpp context: batch decoding, logits, per-sequence KV memory and state. Checks every argument before
/// the native call, because a failed llama.cpp assert aborts the whole process.
/// Not thread-safe: one decode thread owns it.
/// </summary>
internal sealed unsafe class NativeContext : IDisposable
{
    private readonly NativeModel _model;
    private readonly SafeLLamaContextHandle _handle;
    private readonly IntPtr _memory;
    private readonly LLamaBatch _batch = new();
    private readonly AbortFlag _abort = new();
    private GCHandle _abortHandle;

    private NativeContext(NativeModel model, SafeLLamaContextHandle handle, NativeContextParams p)
    {
        _model = model;
        _handle = handle;
        _memory = NativeMethods.llama_get_memory(handle.DangerousGetHandle());
        ContextSize = (int)NativeMethods.llama_n_ctx(handle.DangerousGetHandle());
        Sequences = p.Sequences;
        SequenceContextSize = ContextSize / p.Sequences;
        BatchSize = (int)handle.BatchSize;
        _abortHandle = GCHandle.Alloc(_abort);
        NativeMethods.llama_set_abort_callback(handle.DangerousGetHandle(),
            (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, byte>)&ShouldAbort, GCHandle.ToIntPtr(_abortHandle));
    }

    public static NativeContext Create(NativeModel model, NativeContextParams p)
    {
        NativeBackend.EnsureInitialized();
        var cp = LLamaContextParams.Default();
        cp.n_ctx = checked((uint)(p.ContextSize * p.Sequences));
        cp.n_batch = (uint)p.BatchSize;
        // The scheduler already splits work into batches; a smaller ubatch would only split it again.
        cp.n_ubatch = (uint)p.BatchSize;
        cp.n_seq_max = (uint)p.Sequences;
        // llama.cpp reserves outputs for at least one per sequence on every decode and asserts that this fits
        // n_outputs_max, which defaults to n_batch: a batch smaller than the sequence count would abort the process.
        cp.n_outputs_max = (uint)Math.Max(p.BatchSize, p.Sequences);
        cp.n_threads = p.Threads;
        cp.n_threads_batch = p.BatchThreads;
        cp.llama_flash_attn_type = (LLamaFlashAttentionType)p.FlashAttention;
        if (p.KeyCacheType is { } k) cp.type_k = (GGMLType)k;
        if (p.ValueCacheType is { } v) cp.type_v = (GGMLType)v;
        cp.no_perf = !p.PerformanceTracking;
        cp.kv_unified = false;
        SafeLLamaContextHandle handle;
        try
        {
            handle = SafeLLamaContextHandle.Create(model.SafeHandle, cp);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new NativeContextCreationException(e.Message);
        }
        return new NativeContext(model, handle, p);
    }

    public int ContextSize { get; }
    public int SequenceContextSize { get; }
    public int Sequences { get; }
    public int BatchSize { get; }
    public NativeModel Model => _model;

    /// <summary>Set from any thread to stop the decode that is running (llama.cpp polls it between graph nodes).</summary>
    public bool AbortRequested
    {
        get => _abort.Requested;
        set => _abort.Requested = value;
    }

    public void SetThreads(int threads, int batchThreads)
    {
        _handle.GenerationThreads = threads;
        _handle.BatchThreads = batchThreads;
    }

    public void ClearBatch() => _batch.Clear();

    /// <summary>Adds one token to the pending batch and returns its index there (for <see cref="GetLogits"/>).</summary>
    public int AddToBatch(int token, int position, int sequence, bool logits)
    {
        _model.CheckToken(token);
        CheckSequence(sequence);
        if ((uint)position >= (uint)SequenceContextSize)
            throw new ArgumentOutOfRangeException(nameof(position), position,
                $"Position {position} is outside the sequence's context of {SequenceContextSize} tokens.");
        if (_batch.TokenCount >= BatchSize)
            throw new InvalidOperationException($"The batch is full ({BatchSize} tokens).");
        return _batch.Add((LLamaToken)token, position, (LLamaSeqId)sequence, logits);
    }

    public NativeDecodeResult Decode()
    {
        if (_batch.TokenCount == 0) return NativeDecodeResult.Ok;
        var result = (NativeDecodeResult)(int)_handle.Decode(_batch);
        _abort.Requested = false;
        return result;
    }

    /// <summary>The logits of a batch position that was added with <c>logits: true</c>; valid until the next decode.</summary>
    public ReadOnlySpan<float> GetLogits(int batchIndex)
    {
        var ptr = NativeMethods.llama_get_logits_ith(_handle.DangerousGetHandle(), batchIndex);
        if (ptr == null) throw new InvalidOperationException($"No logits were computed for batch index {batchIndex}.");
        return new ReadOnlySpan<float>(ptr, _model.VocabularySize);
    }

    public IntPtr Handle => _handle.DangerousGetHandle();

    /// <summary>llama.cpp's performance counters (all zero unless the context was created with performance tracking).</summary>
    public (double PromptMilliseconds, double EvalMilliseconds, int PromptTokens, int EvalTokens) GetTimings()
    {
        var timings = _handle.GetTimings();
        return (timings.PromptEval.TotalMilliseconds, timings.Eval.TotalMilliseconds, timings.PrompTokensEvaluated, timings.TokensEvaluated);
    }

    public bool RemoveTokens(int sequence, int start, int end)
    {
        CheckSequence(sequence);
        return NativeMethods.llama_memory_seq_rm(_memory, sequence, start, end);
    }

    public void ShiftTokens(int sequence, int start, int end, int delta)
    {
        CheckSequence(sequence);
        NativeMethods.llama_memory_seq_add(_memory, sequence, start, end, delta);
    }

    /// <summary>The highest position held for the sequence, or -1 when it holds none.</summary>
    public int MaxPosition(int sequence)
    {
        CheckSequence(sequence);
        return NativeMethods.llama_memory_seq_pos_max(_memory, sequence);
    }

    public byte[] GetSequenceState(int sequence)
    {
        CheckSequence(sequence);
        var size = NativeMethods.llama_state_seq_get_size(Handle, sequence);
        var data = new byte[checked((int)size)];
        fixed (byte* ptr = data)
        {
            var written = NativeMethods.llama_state_seq_get_data(Handle, ptr, size, sequence);
            return written == size ? data : data[..(int)written];
        }
    }

    public bool SetSequenceState(int sequence, ReadOnlySpan<byte> state)
    {
        CheckSequence(sequence);
        fixed (byte* ptr = state)
            return NativeMethods.llama_state_seq_set_data(Handle, ptr, (nuint)state.Length, sequence) != 0;
    }

    private void CheckSequence(int sequence)
    {
        if ((uint)sequence >= (uint)Sequences)
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"This context has {Sequences} sequences.");
    }

    public void Dispose()
    {
        _handle.Dispose();
        if (_abortHandle.IsAllocated) _abortHandle.Free();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte ShouldAbort(IntPtr data)
    {
        try { return ((AbortFlag)GCHandle.FromIntPtr(data).Target!).Requested ? (byte)1 : (byte)0; }
        catch { return 0; }
    }

    private sealed class AbortFlag
    {
        private volatile bool _requested;
        public bool Requested { get => _requested; set => _requested = value; }
    }
}

/// <summary>llama.cpp could not create a context (usually: not enough memory for the requested size).</summary>
internal sealed class NativeContextCreationException(string message) : Exception(message);
