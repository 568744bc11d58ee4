using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>Falcon's format: <c>User: …\n\nAssistant: …</c>.</summary>
public class FalconChatWrapper : ChatWrapper
{
    /// <summary>Creates the wrapper.</summary>
    public FalconChatWrapper(string userMessageTitle = "User", string modelResponseTitle = "Assistant", string middleSystemMessageTitle = "System")
    {
        UserMessageTitle = userMessageTitle;
        ModelResponseTitle = modelResponseTitle;
        MiddleSystemMessageTitle = middleSystemMessageTitle;
    }

    /// <inheritdoc/>
    public override string WrapperName => "Falcon";

    /// <summary>The user's title.</summary>
    public string UserMessageTitle { get; }

    /// <summary>The model's title.</summary>
    public string ModelResponseTitle { get; }

    /// <summary>The title of system messages after the first turn.</summary>
    public string MiddleSystemMessageTitle { get; }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        var turns = ChatTurnGrouper.Group(history, ChatTurnGrouping.SystemsMerged, (model, _) => GenerateModelResponseText(model.Response));

        var parts = new List<LlamaText> { SpecialToken.Bos };
        for (var i = 0; i < turns.Count; i++)
        {
            var (system, user, model) = turns[i];
            var isLast = i == turns.Count - 1;
            if (system is not null)
                parts.Add(new LlamaText(i == 0 ? "" : $"{MiddleSystemMessageTitle}: ", system, "\n\n"));
            if (user is not null)
                parts.Add(new LlamaText($"{UserMessageTitle}: ", user, "\n\n"));
            if (model is not null && !model.IsEmpty || isLast)
                parts.Add(new LlamaText($"{ModelResponseTitle}: ", model, isLast ? "" : "\n\n"));
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers =
            [
                SpecialToken.Eos,
                $"\n{UserMessageTitle}:",
                $"\n{ModelResponseTitle}:",
                $"\n{MiddleSystemMessageTitle}:",
            ],
        };
    }
}
