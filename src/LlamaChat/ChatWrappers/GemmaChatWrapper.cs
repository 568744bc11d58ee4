using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Gemma (1 and 2): <c>&lt;start_of_turn&gt;user\n…&lt;end_of_turn&gt;\n&lt;start_of_turn&gt;model\n</c>. Gemma has no
/// system role, so system text is put at the start of the next user message, separated by <c>\n\n---\n\n</c>.
/// </summary>
public class GemmaChatWrapper : ChatWrapper
{
    private static readonly ChatWrapperSettings GemmaSettings = DefaultSettings with { SupportsSystemMessages = false };

    /// <inheritdoc/>
    public override string WrapperName => "Gemma";

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings => GemmaSettings;

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        var turns = ChatTurnGrouper.Group(history, ChatTurnGrouping.Interactions, (model, _) => GenerateModelResponseText(model.Response));

        var parts = new List<LlamaText> { SpecialToken.Bos };
        for (var i = 0; i < turns.Count; i++)
        {
            var (system, user, model) = turns[i];
            var isLast = i == turns.Count - 1;
            var userText = system is null ? user : user is null ? system : new LlamaText(system, "\n\n---\n\n", user);
            if (userText is not null && !userText.IsEmpty)
                parts.Add(new LlamaText(new SpecialTokensText("<start_of_turn>user\n"), userText, new SpecialTokensText("<end_of_turn>\n")));
            if (model is not null && !model.IsEmpty || isLast)
                parts.Add(new LlamaText(new SpecialTokensText("<start_of_turn>model\n"), model,
                    isLast ? LlamaText.Empty : new SpecialTokensText("<end_of_turn>\n")));
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = [SpecialToken.Eos, new SpecialTokensText("<end_of_turn>\n"), "<end_of_turn>"],
        };
    }
}
