using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>Llama 2 chat: <c>&lt;s&gt;[INST] &lt;&lt;SYS&gt;&gt;\n…\n&lt;&lt;/SYS&gt;&gt;\n\n… [/INST] …&lt;/s&gt;</c>.</summary>
public class Llama2ChatWrapper : ChatWrapper
{
    /// <summary>Creates the wrapper.</summary>
    /// <param name="addSpaceBeforeEos">Whether a space is written between a model answer and the EOS token (some templates do).</param>
    public Llama2ChatWrapper(bool addSpaceBeforeEos = false) => AddSpaceBeforeEos = addSpaceBeforeEos;

    /// <inheritdoc/>
    public override string WrapperName => "Llama2Chat";

    /// <summary>Whether a space is written between a model answer and the EOS token.</summary>
    public bool AddSpaceBeforeEos { get; }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        var turns = ChatTurnGrouper.Group(history, ChatTurnGrouping.Interactions, (model, _) => GenerateModelResponseText(model.Response));

        var parts = new List<LlamaText>();
        for (var i = 0; i < turns.Count; i++)
        {
            var (system, user, model) = turns[i];
            var isLast = i == turns.Count - 1;
            parts.Add(SpecialToken.Bos);
            if (system is not null || user is not null)
                parts.Add(new LlamaText(
                    new SpecialTokensText("[INST] "),
                    system is null ? LlamaText.Empty : new LlamaText(new SpecialTokensText("<<SYS>>\n"), system, new SpecialTokensText("\n<</SYS>>\n\n")),
                    user,
                    new SpecialTokensText(" [/INST] ")));

            parts.Add(model ?? LlamaText.Empty);
            if (AddSpaceBeforeEos)
                parts.Add(" ");
            if (!isLast)
                parts.Add(SpecialToken.Eos);
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = [SpecialToken.Eos, "</s>"],
        };
    }
}
