using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Renders turns as titled blocks (<c>TITLE…SEPARATOR</c>), the layout of the formats for models without chat tokens
/// of their own (<see cref="GeneralChatWrapper"/>, <see cref="FalconChatWrapper"/>); they differ only in how a title
/// and the separator are written.
/// </summary>
internal static class TitledTurnsRenderer
{
    /// <summary>
    /// Renders <paramref name="turns"/> after BOS. The first turn's system text has no title (it is the system prompt);
    /// the last turn always ends with an open model block, so the model answers next.
    /// </summary>
    /// <param name="turns">The turns, grouped with <see cref="ChatTurnGrouping.SystemsMerged"/>.</param>
    /// <param name="middleSystemTitle">The title of system text after the first turn.</param>
    /// <param name="userTitle">The title of user text.</param>
    /// <param name="modelTitle">The title of model text.</param>
    /// <param name="separator">What ends every block but the open model one.</param>
    public static LlamaText Render(IReadOnlyList<ChatTurn> turns, LlamaText middleSystemTitle, LlamaText userTitle, LlamaText modelTitle,
        LlamaText separator)
    {
        var parts = new List<LlamaText> { SpecialToken.Bos };
        for (var i = 0; i < turns.Count; i++)
        {
            var (system, user, model) = turns[i];
            var isLast = i == turns.Count - 1;
            if (system is not null)
                parts.Add(new LlamaText(i == 0 ? LlamaText.Empty : middleSystemTitle, system, separator));
            if (user is not null)
                parts.Add(new LlamaText(userTitle, user, separator));
            if (model is not null && !model.IsEmpty || isLast)
                parts.Add(new LlamaText(modelTitle, model, isLast ? LlamaText.Empty : separator));
        }

        return new LlamaText(parts);
    }
}
