using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Llama 3: <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\n…&lt;|eot_id|&gt;</c>. Calls use the generic
/// <c>||call: name(params)</c> syntax; results go in a <c>function_call_result</c> turn.
/// </summary>
public class Llama3ChatWrapper : ChatWrapper
{
    /// <summary>Creates the wrapper.</summary>
    /// <param name="parallelFunctionCalling">Whether several calls may be made before their results come back (default true).</param>
    public Llama3ChatWrapper(bool parallelFunctionCalling = true)
    {
        var endOfTurn = EndOfTurn;
        ParallelFunctionCalling = parallelFunctionCalling;
        var call = new FunctionCallSyntax
        {
            OptionalPrefixSpace = true,
            Prefix = "||call: ",
            ParamsPrefix = new SpecialTokensText("("),
            Suffix = new SpecialTokensText(")"),
        };
        var resultHeader = new SpecialTokensText("<|start_header_id|>function_call_result<|end_header_id|>\n\n");
        var assistantHeader = new SpecialTokensText("<|start_header_id|>assistant<|end_header_id|>\n\n");
        Settings = new ChatWrapperSettings
        {
            Functions = parallelFunctionCalling
                ? new ChatWrapperFunctionSettings
                {
                    Call = call,
                    Result = new FunctionResultSyntax { Prefix = resultHeader, Suffix = endOfTurn },
                    Parallelism = new ParallelFunctionCallSyntax
                    {
                        CallSectionPrefix = "",
                        BetweenCalls = "\n",
                        CallSectionSuffix = endOfTurn,
                        ResultSectionSuffix = assistantHeader,
                    },
                }
                : new ChatWrapperFunctionSettings
                {
                    Call = call,
                    Result = new FunctionResultSyntax
                    {
                        Prefix = new LlamaText(endOfTurn, resultHeader),
                        Suffix = new LlamaText(endOfTurn, assistantHeader),
                    },
                },
        };
    }

    /// <inheritdoc/>
    public override string WrapperName => "Llama 3";

    /// <summary>Whether parallel function calls are enabled.</summary>
    public bool ParallelFunctionCalling { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings { get; }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        return RenderLlama3History(this, history);
    }

    /// <summary>
    /// Llama 3's end-of-turn token by its text, as the chat templates write it (the model's EOT token is this token,
    /// so both tokenize the same; the text form also compares equal with template renderings).
    /// </summary>
    internal static SpecialTokensText EndOfTurn { get; } = new("<|eot_id|>");

    /// <summary>The stop triggers of every Llama 3 family format.</summary>
    internal static IReadOnlyList<LlamaText> Llama3StopTriggers { get; } =
    [
        SpecialToken.Eos,
        SpecialToken.Eot,
        new SpecialTokensText("<|eot_id|>"),
        new SpecialTokensText("<|end_of_text|>"),
        "<|eot_id|>",
        "<|end_of_text|>",
    ];

    /// <summary>
    /// The context state of every Llama 3 family format once its history is prepared (functions documented, preamble
    /// added): items of the same kind merged into turns with Llama 3 headers after BOS, and the family's stop triggers.
    /// </summary>
    /// <param name="wrapper">The format, which renders the model's responses.</param>
    /// <param name="history">The prepared history.</param>
    internal static ChatWrapperContextState RenderLlama3History(ChatWrapper wrapper, IReadOnlyList<ChatHistoryItem> history)
    {
        var turns = ChatTurnGrouper.Group(history, ChatTurnGrouping.SameKindMerged, (model, _) => wrapper.GenerateModelResponseText(model.Response));
        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(SpecialToken.Bos, RenderLlama3Turns(turns)),
            StopGenerationTriggers = Llama3StopTriggers,
        };
    }

    /// <summary>Renders turns with Llama 3 headers; the last model turn stays open.</summary>
    private static LlamaText RenderLlama3Turns(IReadOnlyList<ChatTurn> turns)
    {
        LlamaText endOfTurn = EndOfTurn;
        var parts = new List<LlamaText>();
        for (var i = 0; i < turns.Count; i++)
        {
            var (system, user, model) = turns[i];
            var isLast = i == turns.Count - 1;
            if (system is not null)
                parts.Add(new LlamaText(Header("system"), system, endOfTurn));
            if (user is not null)
                parts.Add(new LlamaText(Header("user"), user, endOfTurn));
            if (model is not null)
                parts.Add(new LlamaText(Header("assistant"), model, isLast ? LlamaText.Empty : endOfTurn));
        }

        return new LlamaText(parts);
    }

    private static SpecialTokensText Header(string role) => new($"<|start_header_id|>{role}<|end_header_id|>\n\n");
}
