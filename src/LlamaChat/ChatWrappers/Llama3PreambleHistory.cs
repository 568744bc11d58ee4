using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Builds the first system turn of Llama 3.1/3.2: the date preamble, a blank line, then the functions documentation
/// and the history's leading system messages.
/// </summary>
internal static class Llama3PreambleHistory
{
    public static IReadOnlyList<ChatHistoryItem> Prepend(IReadOnlyList<ChatHistoryItem> history, Llama3PreambleOptions options, LlamaText functionsText)
    {
        var preamble = Llama3Preamble.Lines(options);
        var leadingSystems = LeadingSystemMessages.Texts(history);
        var rest = history.Skip(leadingSystems.Count);

        var systemParts = new List<LlamaText>();
        if (!functionsText.IsEmpty)
            systemParts.Add(functionsText);
        systemParts.AddRange(leadingSystems);

        if (preamble is null && systemParts.Count == 0)
            return history;

        // The templates always write the blank line after the dates, even when no system text follows.
        var systemText = preamble is null
            ? LlamaText.Join("\n\n", systemParts)
            : new LlamaText(preamble, "\n\n", LlamaText.Join("\n\n", systemParts));

        return [new ChatSystemMessage(systemText), .. rest];
    }
}
