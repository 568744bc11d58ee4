using LlamaChat.Native;

namespace LlamaChat.Evaluation;

/// <summary>
/// The one thread that drives a llama.cpp context. It merges the pending evaluations of all sequences into
/// shared <c>llama_decode</c> batches (an equal share each, leftover room by priority), samples right after each
/// decode on the same thread, and runs every other native operation of the context between decodes — llama.cpp
/// contexts are not thread-safe, and competing with llama.cpp's own threads costs dearly on small machines.
/// </summary>
internal sealed class DecodeScheduler : IDisposable
{
    private readonly NativeContext _native;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly List<DecodeRequest> _pending = [];
    private readonly Queue<(Action Run, Action<Exception> Fail)> _actions = new();
    private readonly HashSet<LlamaContextSequence> _recentlyActive = [];
    private bool _stopping;
    private long _decodeCount;

    /// <summary>How many llama_decode calls ran (tests use it to see that sequences share batches).</summary>
    public long DecodeCount => Interlocked.Read(ref _decodeCount);

    public DecodeScheduler(NativeContext native, string name)
    {
        _native = native;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Queues tokens for evaluation; completes when they are in the KV cache (and a token was sampled, if asked).</summary>
    public Task<GeneratedToken?> Enqueue(DecodeRequest request)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _pending.Add(request);
            Monitor.PulseAll(_gate);
        }
        return request.Completion.Task;
    }

    /// <summary>Whether the caller is on the decode thread (where continuations of evaluations run).</summary>
    public bool IsDecodeThread => Thread.CurrentThread == _thread;

    /// <summary>Runs <paramref name="work"/> on the decode thread, between decodes (at once when already there).</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        if (IsDecodeThread)
        {
            try { return Task.FromResult(work()); }
            catch (Exception e) { return Task.FromException<T>(e); }
        }
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _actions.Enqueue((() =>
            {
                try { completion.SetResult(work()); }
                catch (Exception e) { completion.SetException(e); }
            }, e => completion.TrySetException(e)));
            Monitor.PulseAll(_gate);
        }
        return completion.Task;
    }

    public Task RunAsync(Action work) => RunAsync(() => { work(); return true; });

    /// <summary>
    /// Called when an evaluation's token is cancelled: wakes the decode thread to drop it, and aborts the decode
    /// in progress when every request in it was cancelled.
    /// </summary>
    public void OnCancellation()
    {
        lock (_gate)
        {
            // Stop the running decode only when every request in it was cancelled: aborting would cost the others.
            var inBatch = _pending.Where(r => r.InBatch > 0).ToList();
            if (inBatch.Count > 0 && inBatch.All(r => r.CancellationToken.IsCancellationRequested))
                _native.AbortRequested = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        while (true)
        {
            List<DecodeRequest> batch, cancelled;
            lock (_gate)
            {
                while (!_stopping && _pending.Count == 0 && _actions.Count == 0) Monitor.Wait(_gate);
                if (_stopping) break;
                WaitBrieflyForActiveSequences();
                while (_actions.Count > 0)
                {
                    var action = _actions.Dequeue();
                    Monitor.Exit(_gate);
                    try { action.Run(); }
                    finally { Monitor.Enter(_gate); }
                }
                cancelled = DropCancelled();
                batch = [.. _pending];
            }
            foreach (var request in cancelled) request.Completion.TrySetCanceled(request.CancellationToken);
            if (batch.Count > 0) DecodeBatch(batch);
        }
        FailAll(new ObjectDisposedException(nameof(LlamaContext), "The context was disposed."));
    }

    /// <summary>
    /// When several sequences generated in the last batch, give the others a moment to queue their next token
    /// so they share the next decode instead of taking turns.
    /// </summary>
    private void WaitBrieflyForActiveSequences()
    {
        if (_recentlyActive.Count < 2) return;
        var deadline = Environment.TickCount64 + 2;
        while (_recentlyActive.Any(s => !s.IsDisposed && _pending.All(r => r.Sequence != s)) && Environment.TickCount64 < deadline && !_stopping)
            Monitor.Wait(_gate, 1);
        _recentlyActive.Clear();
    }

    /// <summary>Removes cancelled requests; the caller completes them outside the lock (continuations run inline).</summary>
    private List<DecodeRequest> DropCancelled()
    {
        List<DecodeRequest>? cancelled = null;
        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            if (!_pending[i].CancellationToken.IsCancellationRequested) continue;
            (cancelled ??= []).Add(_pending[i]);
            _pending.RemoveAt(i);
        }
        return cancelled ?? NoRequests;
    }

    private static readonly List<DecodeRequest> NoRequests = [];

    private void DecodeBatch(List<DecodeRequest> requests)
    {
        var shares = Allocate(requests);
        _native.ClearBatch();
        var included = new List<DecodeRequest>();
        foreach (var request in requests)
        {
            var count = shares[request];
            if (count == 0) continue;
            // A disposed sequence's id may already belong to a new sequence: its tokens must not reach the KV cache.
            if (request.Sequence.IsDisposed)
            {
                Fail(request, new ObjectDisposedException(nameof(LlamaContextSequence), "The sequence was disposed during the evaluation."));
                continue;
            }
            try
            {
                count = Math.Min(count, request.Sequence.EnsureRoomOnDecodeThread(count));
            }
            catch (Exception e)
            {
                Fail(request, e);
                continue;
            }
            var sequence = request.Sequence;
            var position = sequence.NextPosition;
            for (var i = 0; i < count; i++)
            {
                var last = request.Processed + i == request.Tokens.Length - 1;
                var index = _native.AddToBatch(request.Tokens[request.Processed + i], position + i, sequence.Id,
                    logits: last && request.Sampler is not null);
                if (last) request.LastBatchIndex = index;
            }
            request.InBatch = count;
            included.Add(request);
        }
        if (included.Count == 0) return;

        // A stale abort request (from a cancellation that came after its decode had finished) must not stop this one.
        lock (_gate) _native.AbortRequested = included.TrueForAll(r => r.CancellationToken.IsCancellationRequested);
        var result = _native.Decode();
        Interlocked.Increment(ref _decodeCount);
        if (result == NativeDecodeResult.Ok)
        {
            // Sample for every request first: completing one runs its consumer's code inline.
            var finished = new List<DecodeRequest>(included.Count);
            foreach (var request in included)
                if (Complete(request)) finished.Add(request);
            foreach (var request in finished)
            {
                if (request.Error is { } error) request.Completion.TrySetException(error);
                else request.Completion.TrySetResult(request.Result);
            }
            return;
        }
        foreach (var request in included)
        {
            request.InBatch = 0;
            request.Sequence.ResyncWithKvCacheOnDecodeThread();
            if (result == NativeDecodeResult.Aborted)
            {
                Remove(request);

                request.Completion.TrySetCanceled(request.CancellationToken);
            }
            else
            {
                Fail(request, new LlamaChatException(
                    $"llama.cpp failed to evaluate a batch of {included.Sum(r => r.Tokens.Length)} tokens ({result})."));
            }
        }
    }

    /// <summary>Records the evaluated tokens and samples when the request is done; returns whether it is.</summary>
    private bool Complete(DecodeRequest request)
    {
        var count = request.InBatch;
        request.InBatch = 0;
        request.Sequence.OnTokensEvaluated(request.Tokens.AsSpan(request.Processed, count), request.CountAsInput);
        request.Processed += count;
        if (request.Remaining > 0) return false;
        Remove(request);
        if (request.Sampler is null) return true;
        try
        {
            var logits = _native.GetLogits(request.LastBatchIndex);
            request.Result = request.Sampler.Sample(logits, request.Confidence, request.Probabilities);
            request.Sequence.TokenMeter.UseOutputTokens(1);
            lock (_gate) _recentlyActive.Add(request.Sequence);
        }
        catch (Exception e)
        {
            request.Error = e;
        }
        return true;
    }

    private Dictionary<DecodeRequest, int> Allocate(List<DecodeRequest> requests) =>
        BatchAllocator.Allocate(requests, r => r.Remaining, r => r.Priority, _native.BatchSize);

    private void Remove(DecodeRequest request)
    {
        lock (_gate) _pending.Remove(request);
    }

    private void Fail(DecodeRequest request, Exception e)
    {
        Remove(request);

        request.Completion.TrySetException(e);
    }

    private void FailAll(Exception e)
    {
        List<DecodeRequest> pending;
        List<(Action Run, Action<Exception> Fail)> actions;
        lock (_gate)
        {
            pending = [.. _pending];
            _pending.Clear();
            actions = [.. _actions];
            _actions.Clear();
        }
        foreach (var request in pending) request.Completion.TrySetException(e);
        // Running queued actions now would touch a context that is being freed: fail them instead.
        foreach (var action in actions) action.Fail(e);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping) return;
            _stopping = true;
            _native.AbortRequested = true;
            Monitor.PulseAll(_gate);
        }
        if (Thread.CurrentThread != _thread) _thread.Join();
    }
}
