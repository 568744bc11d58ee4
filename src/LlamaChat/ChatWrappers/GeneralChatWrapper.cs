using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// A generic format for models without a chat format of their own:
/// <c>### Human\n…\n\n### Assistant\n…</c>. The titles are configurable.
/// </summary>
public class GeneralChatWrapper : ChatWrapper
{
    /// <summary>Creates the wrapper.</summary>
    /// <param name="userMessageTitle">The user's title (default <c>Human</c>).</param>
    /// <param name="modelResponseTitle">The model's title (default <c>Assistant</c>).</param>
    /// <param name="middleSystemMessageTitle">The title of system messages after the first turn (default <c>System</c>).</param>
    /// <param name="allowSpecialTokensInTitles">Whether the titles are special-token text (for models that have them as tokens).</param>
    public GeneralChatWrapper(string userMessageTitle = "Human", string modelResponseTitle = "Assistant",
        string middleSystemMessageTitle = "System", bool allowSpecialTokensInTitles = false)
    {
        UserMessageTitle = userMessageTitle;
        ModelResponseTitle = modelResponseTitle;
        MiddleSystemMessageTitle = middleSystemMessageTitle;
        AllowSpecialTokensInTitles = allowSpecialTokensInTitles;
    }

    /// <inheritdoc/>
    public override string WrapperName => "General";

    /// <summary>The user's title.</summary>
    public string UserMessageTitle { get; }

    /// <summary>The model's title.</summary>
    public string ModelResponseTitle { get; }

    /// <summary>The title of system messages after the first turn.</summary>
    public string MiddleSystemMessageTitle { get; }

    /// <summary>Whether the titles are special-token text.</summary>
    public bool AllowSpecialTokensInTitles { get; }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        var turns = ChatTurnGrouper.Group(history, ChatTurnGrouping.SystemsMerged, (model, _) => GenerateModelResponseText(model.Response));

        var triggers = new List<LlamaText> { SpecialToken.Eos, new SpecialTokensText("<end>"), "<end>" };
        foreach (var title in new[] { UserMessageTitle, ModelResponseTitle, MiddleSystemMessageTitle })
            foreach (var prefix in new[] { "", "\n", "\n\n" })
            {
                triggers.Add($"{prefix}### {title}");
                if (AllowSpecialTokensInTitles)
                    triggers.Add(new SpecialTokensText($"{prefix}### {title}"));
            }

        var context = TitledTurnsRenderer.Render(turns, Markup($"### {MiddleSystemMessageTitle}\n"), Markup($"### {UserMessageTitle}\n"),
            Markup($"### {ModelResponseTitle}\n"), Markup("\n\n"));
        return new ChatWrapperContextState { ContextText = context, StopGenerationTriggers = triggers };
    }

    private LlamaText Markup(string text) => AllowSpecialTokensInTitles ? new SpecialTokensText(text) : text;
}
