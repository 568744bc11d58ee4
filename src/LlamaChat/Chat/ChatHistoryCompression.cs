using LlamaChat.History;

namespace LlamaChat.Chat;

/// <summary>
/// Shortens a chat history that no longer fits the context. The strategy is called with the history and how
/// much it must shrink, and returns a shorter history; it is called again if that is still too long.
/// </summary>
public sealed class ChatHistoryCompression
{
    private readonly Func<IReadOnlyList<ChatHistoryItem>, int, IReadOnlyList<ChatHistoryItem>?> _strategy;

    /// <summary>A custom strategy: (history, attempt number from 1) → a shorter history, or null when it cannot shorten more.</summary>
    public ChatHistoryCompression(Func<IReadOnlyList<ChatHistoryItem>, int, IReadOnlyList<ChatHistoryItem>?> strategy) =>
        _strategy = strategy ?? throw new ArgumentNullException(nameof(strategy));

    /// <summary>
    /// The default: keep the first system message and the last user message with the response being written; drop the
    /// oldest other items first, and when only those are left, cut the oldest model responses' text from the start.
    /// </summary>
    public static ChatHistoryCompression Default { get; } = new(EraseOldestKeepFirstSystem);

    internal IReadOnlyList<ChatHistoryItem>? Shorten(IReadOnlyList<ChatHistoryItem> history, int attempt) => _strategy(history, attempt);

    private static IReadOnlyList<ChatHistoryItem>? EraseOldestKeepFirstSystem(IReadOnlyList<ChatHistoryItem> history, int attempt)
    {
        var items = history.ToList();
        var firstSystem = items.FindIndex(i => i is ChatSystemMessage);
        var lastUser = items.FindLastIndex(i => i is ChatUserMessage);
        // Everything from the last user message on is the current exchange: it stays.
        var protectedFrom = lastUser >= 0 ? lastUser : items.Count - 1;

        // First shorten the oldest long model response to its second half...
        for (var i = 0; i < protectedFrom; i++)
        {
            if (items[i] is not ChatModelResponse model || model.ResponseText.Length < 64) continue;
            items[i] = new ChatModelResponse(ShortenText(model.Response));
            return items;
        }
        // ...then drop the oldest items, but not the first system message.
        for (var i = 0; i < protectedFrom; i++)
        {
            if (i == firstSystem) continue;
            items.RemoveAt(i);
            return items;
        }
        return null;
    }

    private static IEnumerable<ChatModelResponseItem> ShortenText(IReadOnlyList<ChatModelResponseItem> response)
    {
        var text = string.Concat(response.OfType<ChatModelText>().Select(t => t.Text));
        var cut = text[(text.Length / 2)..];
        var space = cut.IndexOf(' ');
        yield return new ChatModelText("..." + (space >= 0 ? cut[space..] : cut));
    }
}
