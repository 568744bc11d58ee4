using System.Runtime.CompilerServices;
using LlamaChat.Models;

namespace LlamaChat.Evaluation;

/// <summary>
/// One sequence of a context: a conversation's KV memory. It mirrors the tokens in its KV cache, so a new
/// evaluation can reuse the longest common prefix; it shifts its context when full; it counts tokens.
/// One evaluation or operation runs at a time.
/// </summary>
public sealed class LlamaContextSequence : IDisposable
{
    private readonly List<int> _tokens = [];
    private readonly ContextShiftOptions _contextShift;
    private int _busy;
    private volatile bool _disposed;

    internal LlamaContextSequence(LlamaContext context, int id, ContextShiftOptions contextShift)
    {
        Context = context;
        Id = id;
        _contextShift = contextShift;
    }

    /// <summary>The context.</summary>
    public LlamaContext Context { get; }

    /// <summary>The model.</summary>
    public LlamaModel Model => Context.Model;

    /// <summary>The sequence id within the context.</summary>
    public int Id { get; }

    /// <summary>Tokens this sequence can hold.</summary>
    public int ContextSize => Context.ContextSize;

    /// <summary>Counts of tokens evaluated and generated.</summary>
    public TokenMeter TokenMeter { get; } = new();

    /// <summary>A copy of the tokens now in the KV cache, in order.</summary>
    public IReadOnlyList<int> ContextTokens { get { lock (_tokens) return [.. _tokens]; } }

    /// <summary>Position the next evaluated token gets (the number of tokens in the KV cache).</summary>
    public int NextTokenIndex { get { lock (_tokens) return _tokens.Count; } }

    internal int NextPosition => _tokens.Count;

    /// <summary>Whether the sequence has been disposed.</summary>
    public bool IsDisposed => _disposed || Context.IsDisposed;

    /// <summary>
    /// Evaluates <paramref name="tokens"/> after what the sequence holds, then generates: each token yielded is
    /// evaluated before the next is produced. Stop by breaking out of the loop or cancelling.
    /// </summary>
    public async IAsyncEnumerable<int> EvaluateAsync(IReadOnlyList<int> tokens, EvaluateOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var token in GenerateAsync(tokens, options ?? new EvaluateOptions(), false, cancellationToken).ConfigureAwait(false))
            yield return token.Token;
    }

    /// <summary>Like <see cref="EvaluateAsync"/>, with each token's probability and the top alternatives.</summary>
    public IAsyncEnumerable<GeneratedToken> EvaluateWithMetadataAsync(IReadOnlyList<int> tokens, EvaluateOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GenerateAsync(tokens, options ?? new EvaluateOptions { Confidence = true }, true, cancellationToken);

    /// <summary>Evaluates tokens into the KV cache without generating anything.</summary>
    public async Task EvaluateWithoutGeneratingNewTokensAsync(IReadOnlyList<int> tokens, EvaluateOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var input = ValidateInput(tokens);
        if (input.Length == 0) return;
        EnterBusy();
        try
        {
            await using var registration = cancellationToken.Register(static s => ((DecodeScheduler)s!).OnCancellation(), Context.Scheduler);
            await Context.Scheduler.Enqueue(new DecodeRequest
            {
                Sequence = this, Tokens = input, Priority = options?.Priority ?? 5, CancellationToken = cancellationToken,
            }).ConfigureAwait(false);
        }
        finally { ExitBusy(); }
    }

    private async IAsyncEnumerable<GeneratedToken> GenerateAsync(IReadOnlyList<int> tokens, EvaluateOptions options, bool metadata,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var input = ValidateInput(tokens);
        if (input.Length == 0)
            throw new ArgumentException("Give at least one token to evaluate: generation continues from the last one.", nameof(tokens));
        var sampler = new TokenSampler(Model, options.Sampling, options.PreviouslyGeneratedTokens, options.GrammarMatchedTokens);
        try
        {
            EnterBusy();
        }
        catch
        {
            sampler.Dispose();
            throw;
        }
        var registration = cancellationToken.Register(static s => ((DecodeScheduler)s!).OnCancellation(), Context.Scheduler);
        try
        {
            var next = input;
            var countAsInput = true;
            while (true)
            {
                var generated = await Context.Scheduler.Enqueue(new DecodeRequest
                {
                    Sequence = this, Tokens = next, Sampler = sampler, CountAsInput = countAsInput,
                    Priority = options.Priority, CancellationToken = cancellationToken,
                    Confidence = metadata && options.Confidence, Probabilities = metadata ? options.Probabilities : 0,
                }).ConfigureAwait(false);
                yield return generated!;
                next = [generated!.Token];
                countAsInput = false;
            }
        }
        finally
        {
            await registration.DisposeAsync().ConfigureAwait(false);
            sampler.Dispose();
            ExitBusy();
        }
    }

    private int[] ValidateInput(IReadOnlyList<int> tokens)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ArgumentNullException.ThrowIfNull(tokens);
        var input = tokens.ToArray();
        foreach (var token in input)
            if ((uint)token >= (uint)Model.VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(tokens), token,
                    $"Token id {token} is outside the model's vocabulary (0 to {Model.VocabularySize - 1}).");
        if (input.Length > ContextSize)
            throw new InsufficientContextException(
                $"{input.Length} tokens cannot be evaluated in a sequence that holds {ContextSize}. Create the context with a larger ContextSize.");
        return input;
    }

    /// <summary>
    /// Keeps the longest prefix of the KV cache that matches <paramref name="tokens"/> and erases the rest, leaving
    /// at least the last token to be evaluated (its logits are needed to generate). Returns how many tokens were kept:
    /// evaluate <c>tokens[kept..]</c> next.
    /// </summary>
    public async Task<int> AdaptStateToTokensAsync(IReadOnlyList<int> tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return await RunExclusiveAsync(() =>
        {
            var common = 0;
            var limit = Math.Min(_tokens.Count, tokens.Count - 1);
            while (common < limit && _tokens[common] == tokens[common]) common++;
            if (common < _tokens.Count) RemoveTail(common);
            return common;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Erases token ranges from the KV cache and moves the tokens after each range back to close the gap.</summary>
    public Task EraseContextTokenRangesAsync(IEnumerable<TokenRange> ranges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var list = ranges.ToList();
        return RunExclusiveAsync(() => { EraseRanges(list); return true; }, cancellationToken);
    }

    /// <summary>Erases everything the sequence holds.</summary>
    public Task ClearHistoryAsync(CancellationToken cancellationToken = default) =>
        RunExclusiveAsync(() => { RemoveTail(0); return true; }, cancellationToken);

    /// <summary>
    /// Saves the sequence's KV state and tokens to a file, so a later context of the same model can continue without
    /// evaluating them again. Returns the file size in bytes.
    /// </summary>
    public Task<long> SaveStateToFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return RunExclusiveAsync(() =>
        {
            var state = Context.Native.GetSequenceState(Id);
            return SequenceStateFile.Write(path, Model.Fingerprint, [.. _tokens], state);
        }, cancellationToken);
    }

    /// <summary>
    /// Replaces the sequence's contents with a state file saved by <see cref="SaveStateToFileAsync"/>. State files hold
    /// raw native memory: pass <paramref name="acceptRisk"/> = true to confirm the file is trusted.
    /// </summary>
    /// <exception cref="StateFileException">The file is foreign, damaged, from another model, or too large for this sequence.</exception>
    public async Task LoadStateFromFileAsync(string path, bool acceptRisk, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!acceptRisk)
            throw new StateFileException(path,
                "Loading a state file feeds raw memory to llama.cpp; a file from an untrusted source can crash the process. " +
                "Pass acceptRisk: true to load it.");
        var file = await SequenceStateFile.ReadAsync(path, Model.Fingerprint, ContextSize, cancellationToken).ConfigureAwait(false);
        foreach (var token in file.Tokens)
            if ((uint)token >= (uint)Model.VocabularySize)
                throw new StateFileException(path, $"The state file holds token id {token}, outside this model's vocabulary.");
        await RunExclusiveAsync(() =>
        {
            var native = Context.Native;
            var backup = native.GetSequenceState(Id);
            native.RemoveTokens(Id, -1, -1);
            Native.NativeBackend.ClearErrors();
            if (native.SetSequenceState(Id, file.State) && native.MaxPosition(Id) + 1 == file.Tokens.Length)
            {
                lock (_tokens) { _tokens.Clear(); _tokens.AddRange(file.Tokens); }
                return true;
            }
            // llama.cpp only logs why (e.g. "n_stream mismatch": the context has another number of sequences).
            var reason = Native.NativeBackend.RecentErrors is { Length: > 0 } lines ? $" llama.cpp said: {lines}." : "";
            native.RemoveTokens(Id, -1, -1);
            native.SetSequenceState(Id, backup);
            throw new StateFileException(path,
                "llama.cpp refused the state in the file; the sequence was left as it was. A state loads only into a context with the " +
                "same number of sequences, KV cache types and flash attention setting as the one that saved it." + reason);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> RunExclusiveAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        EnterBusy();
        try { return await Context.Scheduler.RunAsync(work).ConfigureAwait(false); }
        finally { ExitBusy(); }
    }

    private void EnterBusy()
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            throw new InvalidOperationException("The sequence is busy with another evaluation or operation; wait for it to finish.");
    }

    private void ExitBusy() => Volatile.Write(ref _busy, 0);

    // ---- decode-thread side ----

    internal void OnTokensEvaluated(ReadOnlySpan<int> tokens, bool countAsInput)
    {
        lock (_tokens) _tokens.AddRange(tokens);
        if (countAsInput) TokenMeter.UseInputTokens(tokens.Length);
    }

    /// <summary>Makes room for up to <paramref name="wanted"/> more tokens, shifting the context if it is full; returns the room.</summary>
    internal int EnsureRoomOnDecodeThread(int wanted)
    {
        var room = ContextSize - _tokens.Count;
        if (room > 0) return Math.Min(room, wanted);
        var size = Math.Max(_contextShift.Size?.Invoke(this) ?? Math.Min(100, (ContextSize + 1) / 2), 1);
        var ranges = _contextShift.Strategy?.Invoke(this, size) ?? EraseBeginning(size);
        EraseRanges(ranges.ToList());
        room = ContextSize - _tokens.Count;
        if (room <= 0)
            throw new InsufficientContextException("The context shift freed no room; the sequence is full.");
        return Math.Min(room, wanted);
    }

    private IReadOnlyList<TokenRange> EraseBeginning(int size)
    {
        var start = _tokens.Count > 0 && _tokens[0] == Model.Tokens.Bos ? 1 : 0;
        return [new TokenRange(start, Math.Min(_tokens.Count, start + size))];
    }

    private void EraseRanges(List<TokenRange> ranges)
    {
        var native = Context.Native;
        var count = _tokens.Count;
        var merged = ranges
            .Select(r => new TokenRange(Math.Clamp(r.Start, 0, count), Math.Clamp(r.End, 0, count)))
            .Where(r => r.Length > 0)
            .OrderBy(r => r.Start)
            .Aggregate(new List<TokenRange>(), (list, r) =>
            {
                if (list.Count > 0 && r.Start <= list[^1].End) list[^1] = list[^1] with { End = Math.Max(list[^1].End, r.End) };
                else list.Add(r);
                return list;
            });
        if (merged.Count == 0) return;
        // Last range first, so earlier ranges keep their positions.
        for (var i = merged.Count - 1; i >= 0; i--)
        {
            var range = merged[i];
            if (!native.RemoveTokens(Id, range.Start, range.End))
            {
                RemoveTail(range.Start);
                throw new LlamaChatException("llama.cpp could not erase part of this sequence (recurrent models cannot); the sequence was truncated instead.");
            }
            var after = _tokens.Count - range.End;
            if (after > 0)
            {
                native.ShiftTokens(Id, range.End, -1, -range.Length);
                TokenMeter.UseInputTokens(after); // shifted tokens count as input, as in node-llama-cpp
            }
            lock (_tokens) _tokens.RemoveRange(range.Start, range.Length);
        }
    }

    private void RemoveTail(int start)
    {
        Context.Native.RemoveTokens(Id, start, -1);
        lock (_tokens)
            if (start < _tokens.Count) _tokens.RemoveRange(start, _tokens.Count - start);
    }

    /// <summary>After a failed or aborted decode llama.cpp may have dropped cells; trust the KV cache, not the mirror.</summary>
    internal void ResyncWithKvCacheOnDecodeThread()
    {
        var held = Context.Native.MaxPosition(Id) + 1;
        lock (_tokens)
            if (held < _tokens.Count) _tokens.RemoveRange(held, _tokens.Count - held);
    }

    internal void MarkDisposed() => _disposed = true;

    /// <summary>Frees the sequence's KV memory and returns it to the context.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!Context.IsDisposed)
        {
            try
            {
                Context.Scheduler.RunAsync(() => Context.Native.RemoveTokens(Id, -1, -1)).Wait();
            }
            catch (AggregateException) { /* context went away meanwhile */ }
            catch (ObjectDisposedException) { }
        }
        lock (_tokens) _tokens.Clear();
        Context.Release(this);
    }
}
