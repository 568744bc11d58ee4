using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>ChatML: <c>&lt;|im_start|&gt;role\n…&lt;|im_end|&gt;\n</c>, with the default function-call syntax.</summary>
public class ChatMLChatWrapper : ChatWrapper
{
    /// <inheritdoc/>
    public override string WrapperName => "ChatML";

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        var turns = ChatTurnGrouper.Group(history, ChatTurnGrouping.SystemsMerged, (model, _) => GenerateModelResponseText(model.Response));

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(SpecialToken.Bos, RenderChatMLTurns(turns)),
            StopGenerationTriggers = [SpecialToken.Eos, new SpecialTokensText("<|im_end|>"), "<|im_end|>"],
        };
    }

    /// <summary>
    /// Renders turns in ChatML. The last turn always ends with an open assistant turn, so the model answers next.
    /// </summary>
    internal static LlamaText RenderChatMLTurns(IReadOnlyList<ChatTurn> turns)
    {
        var parts = new List<LlamaText>();
        for (var i = 0; i < turns.Count; i++)
        {
            var (system, user, model) = turns[i];
            var isLast = i == turns.Count - 1;
            if (system is not null && !system.IsEmpty)
                parts.Add(new LlamaText(new SpecialTokensText("<|im_start|>system\n"), system, new SpecialTokensText("<|im_end|>\n")));
            if (user is not null && !user.IsEmpty)
                parts.Add(new LlamaText(new SpecialTokensText("<|im_start|>user\n"), user, new SpecialTokensText("<|im_end|>\n")));
            if (model is not null && !model.IsEmpty || isLast)
                parts.Add(new LlamaText(new SpecialTokensText("<|im_start|>assistant\n"), model,
                    isLast ? LlamaText.Empty : new SpecialTokensText("<|im_end|>\n")));
        }

        return new LlamaText(parts);
    }
}
