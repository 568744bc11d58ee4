using System.Threading.Channels;

namespace LlamaChat.Chat;

/// <summary>Streams what a background producer writes to a channel, for the streaming APIs.</summary>
internal static class ProducerStream
{
    /// <summary>
    /// Yields the items of <paramref name="reader"/> until the producer completes it, then surfaces the producer's
    /// failure or cancellation. A consumer that stops early cancels <paramref name="stop"/> and waits for the producer
    /// to end, so that it does not go on in the background.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(ChannelReader<T> reader, Task producer, CancellationTokenSource stop)
    {
        var completed = false;
        try
        {
            await foreach (var item in reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                yield return item;
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                stop.Cancel();
                try { await producer.ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
        }
        await producer.ConfigureAwait(false);
    }
}
