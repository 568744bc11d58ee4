using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Takes the system prompt off the start of a history, for formats that render it in a place of its own rather than
/// as an ordinary turn.
/// </summary>
internal static class LeadingSystemMessages
{
    /// <summary>The texts of the system messages <paramref name="history"/> starts with, in order; empty when it starts otherwise.</summary>
    public static List<LlamaText> Texts(IReadOnlyList<ChatHistoryItem> history) =>
        history.TakeWhile(item => item is ChatSystemMessage).Cast<ChatSystemMessage>().Select(item => item.Text).ToList();

    /// <summary>
    /// Splits off the first item of <paramref name="history"/> when it is a system message (only that one: later system
    /// messages stay turns).
    /// </summary>
    /// <returns>The first item's text (empty when it is not a system message) and a new list of the items left.</returns>
    public static (LlamaText SystemText, List<ChatHistoryItem> History) SplitFirst(IReadOnlyList<ChatHistoryItem> history)
    {
        var rest = history.ToList();
        if (rest.Count == 0 || rest[0] is not ChatSystemMessage first)
            return (LlamaText.Empty, rest);

        rest.RemoveAt(0);
        return (first.Text, rest);
    }
}
