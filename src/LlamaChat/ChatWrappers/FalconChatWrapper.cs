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

        return new ChatWrapperContextState
        {
            ContextText = TitledTurnsRenderer.Render(turns, $"{MiddleSystemMessageTitle}: ", $"{UserMessageTitle}: ",
                $"{ModelResponseTitle}: ", "\n\n"),
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
