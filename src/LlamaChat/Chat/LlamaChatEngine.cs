using LlamaChat.ChatWrappers;
using LlamaChat.Evaluation;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Generates one model response for a chat history on a sequence: renders the history with the chat wrapper,
/// evaluates only what the KV cache does not already hold, and runs the generation loop — stop triggers over text and
/// token ids, held-back text, partial UTF-8 characters, thought and comment segments with budgets, maximum length,
/// cancellation and history compression when the context is full. (node-llama-cpp calls this class <c>LlamaChat</c>;
/// in C# that name is taken by the namespace.) Stateless between calls except for the token reuse cache.
/// </summary>
public sealed class LlamaChatEngine : IDisposable
{
    private readonly ContextTokenizer _contextTokenizer;
    private readonly bool _autoDisposeSequence;

    /// <summary>Creates an engine for <paramref name="sequence"/> with <paramref name="chatWrapper"/>.</summary>
    public LlamaChatEngine(LlamaContextSequence sequence, ChatWrapper chatWrapper, bool autoDisposeSequence = false)
    {
        Sequence = sequence ?? throw new ArgumentNullException(nameof(sequence));
        ChatWrapper = chatWrapper ?? throw new ArgumentNullException(nameof(chatWrapper));
        ObjectDisposedException.ThrowIf(sequence.IsDisposed, sequence);
        _autoDisposeSequence = autoDisposeSequence;
        _contextTokenizer = new ContextTokenizer(sequence.Model);
    }

    /// <summary>The sequence responses are generated on.</summary>
    public LlamaContextSequence Sequence { get; }

    /// <summary>The chat format.</summary>
    public ChatWrapper ChatWrapper { get; }

    /// <summary>
    /// Generates the model's response to <paramref name="history"/>. When the history ends with a model item, the
    /// response continues it; otherwise a new model turn is started.
    /// </summary>
    /// <exception cref="InsufficientContextException">Even the shortest history allowed does not fit the context.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (and not <see cref="GenerateResponseOptions.StopOnAbortSignal"/>, or nothing was generated).</exception>
    public async Task<ChatResponseResult> GenerateResponseAsync(IReadOnlyList<ChatHistoryItem> history,
        GenerateResponseOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ObjectDisposedException.ThrowIf(Sequence.IsDisposed, Sequence);
        options ??= new GenerateResponseOptions();
        if (options.MaxTokens is < 0) throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokens, "MaxTokens cannot be negative.");
        options.Sampling.Validate();

        var baseHistory = history.Count > 0 && history[^1] is ChatModelResponse ? history.Take(history.Count - 1).ToList() : history.ToList();
        var existing = history.Count > 0 && history[^1] is ChatModelResponse last ? last.Response : [];
        var run = new ResponseGeneration(this, baseHistory, new ResponseAssembler(existing, options), options, cancellationToken);
        return await run.RunAsync().ConfigureAwait(false);
    }

    /// <summary>The context the next generation for <paramref name="history"/> would evaluate, as tokens (for preloading).</summary>
    internal (ChatWrapperContextState State, int[] Tokens, IReadOnlyList<ChatHistoryItem> Window) RenderFitting(
        IReadOnlyList<ChatHistoryItem> history, GenerateResponseOptions options)
    {
        var reserve = Math.Max(1, Math.Min(Sequence.ContextSize / 8, 256));
        var available = Sequence.ContextSize - reserve;
        var candidate = ReusePreviousWindow(history, options.LastContextWindow) ?? history;
        var compression = options.HistoryCompression ?? ChatHistoryCompression.Default;
        for (var attempt = 1; ; attempt++)
        {
            var state = ChatWrapper.GenerateContextState(candidate, options.Functions, options.DocumentFunctionParams);
            var tokens = TokenizeContext(state.ContextText);
            if (tokens.Length <= available) return (state, tokens, candidate);
            // Shorten the history; as a last resort, cut the start of the answer being written (it stays whole in
            // the result, only the context loses it) so a long answer can go on.
            candidate = compression.Shorten(candidate, attempt) ?? CutCurrentResponse(candidate)
                ?? throw new InsufficientContextException(
                    $"The chat needs {tokens.Length} tokens even after compression, but the context holds {Sequence.ContextSize} " +
                    $"(with {reserve} kept free for the answer). Shorten the system prompt or the last message, or use a larger context.");
        }
    }

    private static IReadOnlyList<ChatHistoryItem>? CutCurrentResponse(IReadOnlyList<ChatHistoryItem> history)
    {
        if (history.Count == 0 || history[^1] is not ChatModelResponse response) return null;
        var items = response.Response.ToList();
        var index = items.FindIndex(i => i is ChatModelText { Text.Length: >= 16 } or ChatModelSegment { Text.Length: >= 16 });
        if (index < 0) return null;
        items[index] = items[index] switch
        {
            ChatModelText text => new ChatModelText(text.Text[(text.Text.Length / 2)..]),
            ChatModelSegment segment => segment with { Text = segment.Text[(segment.Text.Length / 2)..], Raw = null },
            var other => other,
        };
        return [.. history.Take(history.Count - 1), new ChatModelResponse(items)];
    }

    private static IReadOnlyList<ChatHistoryItem>? ReusePreviousWindow(IReadOnlyList<ChatHistoryItem> history, ChatContextWindow? last)
    {
        if (last is null || last.CleanHistory.Count > history.Count) return null;
        for (var i = 0; i < last.CleanHistory.Count; i++)
            if (!Equals(last.CleanHistory[i], history[i])) return null;
        return [.. last.Window, .. history.Skip(last.CleanHistory.Count)];
    }

    /// <summary>Tokenizes a rendered context, reusing the tokens of the last context and what was generated after it.</summary>
    internal int[] TokenizeContext(LlamaText text) => _contextTokenizer.Tokenize(text);

    internal void RememberContext(LlamaText context, int[] contextTokens, int[] generated) => _contextTokenizer.Remember(context, contextTokens, generated);

    /// <summary>Forgets cached tokenization (after the history was replaced).</summary>
    public void ResetCache() => _contextTokenizer.Forget();

    /// <summary>Disposes the sequence when the engine was created with <c>autoDisposeSequence</c>.</summary>
    public void Dispose()
    {
        if (_autoDisposeSequence) Sequence.Dispose();
    }
}
