using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>Groups history items into <see cref="ChatTurn"/>s, the first step of most chat formats.</summary>
internal static class ChatTurnGrouper
{
    private static readonly LlamaText Separator = "\n\n";

    /// <param name="history">The history (functions documentation already added).</param>
    /// <param name="grouping">How to group.</param>
    /// <param name="renderModel">Renders a model item; gets the item and its index in <paramref name="history"/>.</param>
    public static List<ChatTurn> Group(IReadOnlyList<ChatHistoryItem> history, ChatTurnGrouping grouping,
        Func<ChatModelResponse, int, LlamaText> renderModel)
    {
        var turns = new List<ChatTurn>();
        var systems = new List<LlamaText>();
        var users = new List<LlamaText>();
        var models = new List<LlamaText>();
        Type? focus = null;

        void Flush()
        {
            if (systems.Count + users.Count + models.Count > 0)
                turns.Add(new ChatTurn(
                    systems.Count == 0 ? null : LlamaText.Join(Separator, systems),
                    users.Count == 0 ? null : LlamaText.Join(Separator, users),
                    models.Count == 0 ? null : LlamaText.Join(Separator, models)));

            systems.Clear();
            users.Clear();
            models.Clear();
        }

        for (var i = 0; i < history.Count; i++)
        {
            var item = history[i];
            var type = item.GetType();
            var startsNewTurn = grouping switch
            {
                ChatTurnGrouping.SystemsMerged => !(focus == typeof(ChatSystemMessage) && item is ChatSystemMessage),
                ChatTurnGrouping.SameKindMerged => focus != type,
                _ => item is not ChatModelResponse && focus == typeof(ChatModelResponse)
                     || item is ChatSystemMessage && focus == typeof(ChatUserMessage),
            };
            if (startsNewTurn)
                Flush();

            focus = type;
            switch (item)
            {
                case ChatSystemMessage system:
                    systems.Add(system.Text);
                    break;
                case ChatUserMessage user:
                    users.Add(user.Text);
                    break;
                case ChatModelResponse model:
                    models.Add(renderModel(model, i));
                    break;
            }
        }

        Flush();
        return turns;
    }
}
