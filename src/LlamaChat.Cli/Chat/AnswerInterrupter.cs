namespace LlamaChat.Cli.Chat;

/// <summary>
/// Makes Ctrl+C stop the answer being generated instead of the whole program. Outside an answer, Ctrl+C keeps its
/// usual meaning and quits; a second Ctrl+C during the same answer quits too, in case stopping hangs.
/// </summary>
public sealed class AnswerInterrupter : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource? _current;

    public AnswerInterrupter() => Console.CancelKeyPress += OnCancelKeyPress;

    /// <summary>Runs <paramref name="answer"/> with a token that Ctrl+C cancels.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> answer)
    {
        using var source = new CancellationTokenSource();
        lock (_lock) _current = source;
        try
        {
            return await answer(source.Token);
        }
        finally
        {
            lock (_lock) _current = null;
        }
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        lock (_lock)
        {
            if (_current is null || _current.IsCancellationRequested) return;
            e.Cancel = true;
            _current.Cancel();
        }
    }

    public void Dispose() => Console.CancelKeyPress -= OnCancelKeyPress;
}
