using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LlamaChat.ChatWrappers;
using LlamaChat.Evaluation;
using LlamaChat.History;
using LlamaChat.Models;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// A conversation with a model: keeps the chat history, sends each prompt with it, and streams the answer.
/// Prompts run one at a time; a failed or cancelled prompt leaves the history as it was.
/// </summary>
public sealed class LlamaChatSession : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly LlamaChatEngine _engine;
    private readonly LlamaChatSessionOptions _options;
    private readonly IReadOnlyList<ChatHistoryItem> _initialHistory;
    private IReadOnlyList<ChatHistoryItem> _history;
    private ChatContextWindow? _lastWindow;
    private CancellationTokenSource _backgroundWork = new();
    // A prompt that is running replaces the history when it ends, so SetChatHistory must not run meanwhile.
    private readonly object _historyGate = new();
    private bool _prompting;
    // SetChatHistory may run while background work uses the engine: the cache is reset by the next locked operation.
    private int _cacheStale;
    // Cancelled by Dispose: an operation that is running stops instead of going on after the session ended.
    private readonly CancellationTokenSource _lifetime = new();
    private bool _disposed;

    /// <summary>Creates a session on <paramref name="contextSequence"/> with default options.</summary>
    public LlamaChatSession(LlamaContextSequence contextSequence) : this(new LlamaChatSessionOptions(contextSequence)) { }

    /// <summary>Creates a session.</summary>
    public LlamaChatSession(LlamaChatSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.ContextSequence);
        ObjectDisposedException.ThrowIf(options.ContextSequence.IsDisposed, options.ContextSequence);
        _options = options;
        var wrapper = options.ChatWrapper ?? ChatWrapperSelection.ForModel(options.ContextSequence.Model);
        _engine = new LlamaChatEngine(options.ContextSequence, wrapper);
        var systemPrompt = options.SystemPrompt ?? ChatWrapper.DefaultSystemPrompt;
        _initialHistory = wrapper.Settings.SupportsSystemMessages || options.ForceAddSystemPrompt
            ? [new ChatSystemMessage(systemPrompt)]
            : [];
        _history = _initialHistory;
    }

    /// <summary>The chat format in use.</summary>
    public ChatWrapper ChatWrapper => _engine.ChatWrapper;

    /// <summary>The sequence the session evaluates on.</summary>
    public LlamaContextSequence Sequence => _engine.Sequence;

    /// <summary>The context of the sequence.</summary>
    public LlamaContext Context => Sequence.Context;

    /// <summary>The model.</summary>
    public LlamaModel Model => Sequence.Model;

    /// <summary>Whether the session has been disposed.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Sends <paramref name="prompt"/> as the user and returns the model's answer.</summary>
    public async Task<string> PromptAsync(string prompt, PromptOptions? options = null, CancellationToken cancellationToken = default) =>
        (await PromptWithMetaAsync(prompt, options, cancellationToken).ConfigureAwait(false)).ResponseText;

    /// <summary>Sends <paramref name="prompt"/> as the user and returns the whole response with why it stopped.</summary>
    /// <exception cref="ArgumentException">The prompt is null or empty.</exception>
    public async Task<PromptResult> PromptWithMetaAsync(string prompt, PromptOptions? options = null, CancellationToken cancellationToken = default)
    {
        ValidatePrompt(prompt);
        options ??= new PromptOptions();
        CancelBackgroundWork();
        return await RunLockedAsync(async token =>
        {
            IReadOnlyList<ChatHistoryItem> baseHistory;
            lock (_historyGate)
            {
                _prompting = true;
                baseHistory = [.. _history, new ChatUserMessage(prompt)];
            }
            try
            {
                return await PromptLockedAsync(baseHistory, options, token).ConfigureAwait(false);
            }
            finally
            {
                lock (_historyGate) _prompting = false;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PromptResult> PromptLockedAsync(IReadOnlyList<ChatHistoryItem> baseHistory, PromptOptions options, CancellationToken cancellationToken)
    {
        var engineOptions = ToEngineOptions(options);
        var result = await _engine.GenerateResponseAsync([.. baseHistory, new ChatModelResponse()], engineOptions, cancellationToken)
            .ConfigureAwait(false);
        while (result.StopReason == StopReason.FunctionCalls)
        {
            // Run the handlers together; if one throws, the prompt fails and the history stays as it was.
            var calls = result.FunctionCalls;
            var response = result.Response;
            try
            {
                var results = await Task.WhenAll(calls.Select(call => options.Functions![call.Name].InvokeAsync(call.Params, cancellationToken)))
                    .ConfigureAwait(false);
                response = new ChatModelResponse([.. result.Response.Response, .. calls.Select((call, i) => call with { Result = results[i] })]);
                engineOptions = engineOptions with
                {
                    MaxTokens = engineOptions.MaxTokens is { } max ? Math.Max(0, max - result.GeneratedTokens) : null,
                    LastContextWindow = result.ContextWindow,
                };
                result = await _engine.GenerateResponseAsync([.. baseHistory, response], engineOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (options.StopOnAbortSignal && cancellationToken.IsCancellationRequested)
            {
                // Stopped while the functions ran or before the answer went on: keep the answer so far, with the calls
                // whose results are in.
                IReadOnlyList<ChatHistoryItem> history = [.. baseHistory, response];
                return Commit(new ChatResponseResult
                    { Response = response, StopReason = StopReason.Abort, History = history, ContextWindow = new ChatContextWindow(history, history) });
            }
        }
        return Commit(result);
    }

    private PromptResult Commit(ChatResponseResult result)
    {
        lock (_historyGate) _history = result.History;
        _lastWindow = result.ContextWindow;
        return new PromptResult
        {
            Response = result.Response.Response,
            ResponseText = result.ResponseText,
            StopReason = result.StopReason,
            RemainingGenerationAfterStop = result.RemainingGenerationAfterStop,
        };
    }

    /// <summary>
    /// Runs <paramref name="operation"/> alone on the session, with a token that <see cref="Dispose"/> cancels too; a
    /// stop caused by Dispose surfaces as <see cref="ObjectDisposedException"/>.
    /// </summary>
    private async Task<T> RunLockedAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ApplyPendingCacheReset();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            try
            {
                return await operation(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_disposed && !cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(LlamaChatSession), "The session was disposed while the operation ran.");
            }
        }
        finally { _lock.Release(); }
    }

    /// <summary>Sends <paramref name="prompt"/> and streams the response, thoughts and comments included, as it is generated.</summary>
    public async IAsyncEnumerable<ResponseChunk> PromptStreamAsync(string prompt, PromptOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ValidatePrompt(prompt);
        var channel = Channel.CreateUnbounded<ResponseChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var userCallback = options?.OnResponseChunk;
        var streamingOptions = (options ?? new PromptOptions()) with
        {
            OnResponseChunk = chunk => { userCallback?.Invoke(chunk); channel.Writer.TryWrite(chunk); },
        };
        // Stopping the enumeration early stops the prompt too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var prompting = PromptWithMetaAsync(prompt, streamingOptions, stop.Token);
        _ = prompting.ContinueWith(_ => channel.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await foreach (var chunk in ProducerStream.ReadAsync(channel.Reader, prompting, stop).ConfigureAwait(false))
            yield return chunk;
    }

    /// <summary>
    /// Evaluates <paramref name="prompt"/> as the next user message without answering it, so the answer to the same
    /// prompt later starts at once. An empty prompt preloads just the chat history.
    /// </summary>
    public async Task PreloadPromptAsync(string prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        await RunLockedAsync(async token =>
        {
            IReadOnlyList<ChatHistoryItem> history = prompt.Length == 0
                ? _history
                : [.. _history, new ChatUserMessage(prompt), new ChatModelResponse()];
            var (_, tokens, _) = _engine.RenderFitting(history, ToEngineOptions(new PromptOptions()));
            var kept = await Sequence.AdaptStateToTokensAsync(tokens, token).ConfigureAwait(false);
            await Sequence.EvaluateWithoutGeneratingNewTokensAsync(tokens[kept..], null, token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Predicts how the user's unfinished <paramref name="prompt"/> continues (for autocomplete).</summary>
    public async Task<string> CompletePromptAsync(string prompt, CompletePromptOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        options ??= new CompletePromptOptions();
        return await RunLockedAsync(token => UserPromptCompleter.CompleteAsync(_engine, _history, prompt, options, token), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Creates an engine that completes the user's prompt as they type: <see cref="PromptCompletionEngine.Complete"/>
    /// returns a cached completion at once and refreshes it in the background.
    /// </summary>
    public PromptCompletionEngine CreatePromptCompletionEngine(PromptCompletionEngineOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new(this, options ?? new PromptCompletionEngineOptions());
    }

    internal CancellationToken BackgroundToken => _backgroundWork.Token;

    private void CancelBackgroundWork()
    {
        var previous = Interlocked.Exchange(ref _backgroundWork, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    /// <summary>A copy of the chat history.</summary>
    public IReadOnlyList<ChatHistoryItem> GetChatHistory() => [.. _history];

    /// <summary>Replaces the chat history (for example with one saved earlier). The KV cache is reused where it matches.</summary>
    /// <exception cref="ArgumentException">The history contains null items.</exception>
    /// <exception cref="InvalidOperationException">A prompt is running (its answer would replace this history).</exception>
    public void SetChatHistory(IReadOnlyList<ChatHistoryItem> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        for (var i = 0; i < history.Count; i++)
            if (history[i] is null) throw new ArgumentException($"Chat history item {i} is null.", nameof(history));
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_historyGate)
        {
            if (_prompting)
                throw new InvalidOperationException(
                    "A prompt is running on this session and its answer would replace this history; set the history after it finishes, or cancel it.");
            _history = [.. history];
            _lastWindow = null;
        }
        Volatile.Write(ref _cacheStale, 1);
    }

    private void ApplyPendingCacheReset()
    {
        if (Interlocked.Exchange(ref _cacheStale, 0) == 1) _engine.ResetCache();
    }

    /// <summary>Goes back to the history the session started with (the system prompt).</summary>
    public void ResetChatHistory() => SetChatHistory(_initialHistory);

    /// <summary>The history as last evaluated (after any compression).</summary>
    public IReadOnlyList<ChatHistoryItem>? GetLastEvaluationContextWindow() => _lastWindow?.Window;

    private GenerateResponseOptions ToEngineOptions(PromptOptions options) => new()
    {
        Sampling = options.ToSampling(),
        MaxTokens = options.MaxTokens,
        CustomStopTriggers = (options.CustomStopTriggers ?? throw new ArgumentNullException(nameof(options),
            "PromptOptions.CustomStopTriggers cannot be null; use an empty list for none.")).Select(t => (LlamaText)t).ToList(),
        ResponsePrefix = options.ResponsePrefix,
        TrimWhitespaceSuffix = options.TrimWhitespaceSuffix,
        Budgets = options.Budgets ?? DefaultBudgets(),
        StopOnAbortSignal = options.StopOnAbortSignal,
        EvaluationPriority = options.EvaluationPriority,
        OnTextChunk = options.OnTextChunk,
        OnToken = options.OnToken,
        OnResponseChunk = options.OnResponseChunk,
        Functions = options.Functions?.Select(f => new ChatFunctionDefinition(f.Key, f.Value.Description, f.Value.Params)).ToList() ?? [],
        DocumentFunctionParams = options.DocumentFunctionParams,
        MaxParallelFunctionCalls = options.MaxParallelFunctionCalls,
        OnFunctionCallParamsChunk = options.OnFunctionCallParamsChunk,
        HistoryCompression = _options.ContextShift,
        LastContextWindow = _lastWindow,
    };

    /// <summary>node-llama-cpp's default: thoughts and comments may use 75% of the context (50% below 8192 tokens).</summary>
    private ChatBudgets DefaultBudgets()
    {
        var share = Sequence.ContextSize < 8192 ? 0.5 : 0.75;
        var budget = (int)(Sequence.ContextSize * share);
        return new ChatBudgets { ThoughtTokens = budget, CommentTokens = budget };
    }

    private static void ValidatePrompt(string prompt)
    {
        if (prompt is null) throw new ArgumentNullException(nameof(prompt), "The prompt cannot be null.");
        if (prompt.Length == 0) throw new ArgumentException("The prompt cannot be empty.", nameof(prompt));
    }

    /// <summary>Ends the session (and disposes the sequence when <see cref="LlamaChatSessionOptions.AutoDisposeSequence"/> is set).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        CancelBackgroundWork();
        _disposed = true;
        _lifetime.Cancel();
        if (_options.AutoDisposeSequence) Sequence.Dispose();
    }
}
