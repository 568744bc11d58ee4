namespace LlamaChat.Chat;

/// <summary>
/// Autocomplete for a session's next user prompt. <see cref="Complete"/> answers at once from a cache of earlier
/// completions (any cached prompt that the text extends, whose completion agrees with what was typed) and starts
/// completing the new text in the background. A prompt sent to the session cancels the background work.
/// </summary>
public sealed class PromptCompletionEngine : IDisposable
{
    private readonly LlamaChatSession _session;
    private readonly PromptCompletionEngineOptions _options;
    private readonly LinkedList<(string Prompt, string Completion)> _cache = new();
    private readonly object _gate = new();
    private CancellationTokenSource? _current;
    private string? _currentPrompt;
    private bool _disposed;

    internal PromptCompletionEngine(LlamaChatSession session, PromptCompletionEngineOptions options)
    {
        if (options.MaxCachedCompletions < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxCachedCompletions, "MaxCachedCompletions must be at least 1.");
        _session = session;
        _options = options;
    }

    /// <summary>
    /// Returns the best cached completion for <paramref name="prompt"/> (empty when none) and starts computing a fresh
    /// one in the background; <see cref="PromptCompletionEngineOptions.OnGeneration"/> reports it.
    /// </summary>
    public string Complete(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var cached = FindCached(prompt);
        StartBackground(prompt);
        return cached ?? "";
    }

    /// <summary>The completion for <paramref name="prompt"/> from the cache only, or null.</summary>
    public string? FindCached(string prompt)
    {
        lock (_gate)
        {
            for (var node = _cache.First; node is not null; node = node.Next)
            {
                var full = node.Value.Prompt + node.Value.Completion;
                if (prompt.Length < node.Value.Prompt.Length || !prompt.StartsWith(node.Value.Prompt, StringComparison.Ordinal)) continue;
                if (!full.StartsWith(prompt, StringComparison.Ordinal)) continue;
                _cache.Remove(node);
                _cache.AddFirst(node);
                return full[prompt.Length..];
            }
        }
        return null;
    }

    private void StartBackground(string prompt)
    {
        CancellationTokenSource cts;
        lock (_gate)
        {
            if (_currentPrompt == prompt) return;
            _current?.Cancel();
            _current = cts = CancellationTokenSource.CreateLinkedTokenSource(_session.BackgroundToken);
            _currentPrompt = prompt;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var completion = await _session.CompletePromptAsync(prompt,
                    new CompletePromptOptions { MaxTokens = _options.MaxTokens, Sampling = _options.Sampling }, cts.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    _cache.AddFirst((prompt, completion));
                    while (_cache.Count > _options.MaxCachedCompletions) _cache.RemoveLast();
                    if (_currentPrompt == prompt) _currentPrompt = null;
                }
                _options.OnGeneration?.Invoke(prompt, completion);
            }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
            catch (LlamaChatException) { } // a background guess that fails is simply not offered
            finally
            {
                lock (_gate) if (_currentPrompt == prompt && _current == cts) _currentPrompt = null;
            }
        });
    }

    /// <summary>Stops background work.</summary>
    public void Dispose()
    {
        _disposed = true;
        lock (_gate) _current?.Cancel();
    }
}
