using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// MeetKai's Functionary models. Their turns start in function-call mode: the model first writes a recipient, either
/// a function name or <c>all</c> for a text answer, so the context state is "initially engaged" and <c>all</c> disengages it.
/// </summary>
public class FunctionaryChatWrapper : ChatWrapper
{
    private static SpecialTokensText S(string text) => new(text);

    private static readonly SpecialTokensText AssistantHeader = S("<|start_header_id|>assistant<|end_header_id|>\n\n");

    /// <summary>The Llama 3 based variations' call batches: the calls end the turn and the results reopen the assistant's.</summary>
    private static readonly ParallelFunctionCallSyntax Llama3BasedParallelism = new()
    {
        CallSectionPrefix = LlamaText.Empty,
        CallSectionSuffix = SpecialToken.Eot,
        ResultSectionSuffix = AssistantHeader,
    };

    /// <summary>Creates the wrapper.</summary>
    public FunctionaryChatWrapper(FunctionaryVariation variation = FunctionaryVariation.V3)
    {
        Variation = variation;
        Settings = variation switch
        {
            FunctionaryVariation.V3 => new ChatWrapperSettings
            {
                Functions = new ChatWrapperFunctionSettings
                {
                    Call = new FunctionCallSyntax { Prefix = S(">>>"), ParamsPrefix = S("\n"), Suffix = LlamaText.Empty },
                    Result = new FunctionResultSyntax { Prefix = S("<|start_header_id|>tool<|end_header_id|>\n\n"), Suffix = SpecialToken.Eot },
                    Parallelism = Llama3BasedParallelism,
                },
            },
            FunctionaryVariation.V2Llama3 => new ChatWrapperSettings
            {
                Functions = new ChatWrapperFunctionSettings
                {
                    Call = new FunctionCallSyntax { Prefix = S("<|reserved_special_token_249|>"), ParamsPrefix = S("\n"), Suffix = LlamaText.Empty },
                    Result = new FunctionResultSyntax
                    {
                        Prefix = new LlamaText(S("<|start_header_id|>tool<|end_header_id|>\n\nname="), "{{functionName}}", S("\n")),
                        Suffix = SpecialToken.Eot,
                    },
                    Parallelism = Llama3BasedParallelism,
                },
            },
            _ => new ChatWrapperSettings
            {
                Functions = new ChatWrapperFunctionSettings
                {
                    Call = new FunctionCallSyntax { Prefix = S("\n<|from|>assistant\n<|recipient|>"), ParamsPrefix = S("\n<|content|>"), Suffix = LlamaText.Empty },
                    Result = new FunctionResultSyntax
                    {
                        Prefix = new LlamaText(S("\n<|from|>"), "{{functionName}}", S("\n<|recipient|>all\n<|content|>")),
                        Suffix = LlamaText.Empty,
                    },
                    Parallelism = new ParallelFunctionCallSyntax
                    {
                        CallSectionPrefix = LlamaText.Empty,
                        CallSectionSuffix = S("<|stop|>"),
                        ResultSectionSuffix = S("\n<|from|>assistant\n<|recipient|>all\n<|content|>"),
                    },
                },
            },
        };
    }

    /// <inheritdoc/>
    public override string WrapperName => "Functionary";

    /// <summary>The generation rendered.</summary>
    public FunctionaryVariation Variation { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings { get; }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        return Variation == FunctionaryVariation.V2 ? RenderV2(history, availableFunctions.Count > 0) : RenderLlama3Based(history, availableFunctions.Count > 0);
    }

    /// <inheritdoc/>
    public override LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return LlamaText.Empty;

        var types = ChatFunctionsDocumentation.TypeScriptFunctionTypes(availableFunctions, documentParams, reservedNames: ["all"]);
        return "// Supported function definitions that should be called when necessary.\nnamespace functions {\n\n" + types + "\n\n} // namespace functions";
    }

    /// <inheritdoc/>
    public override IReadOnlyList<ChatHistoryItem> AddAvailableFunctionsSystemMessageToHistory(IReadOnlyList<ChatHistoryItem> history,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return history;

        var result = history.ToList();
        var firstSystem = result.FindIndex(item => item is ChatSystemMessage);
        result.InsertRange(Math.Max(0, firstSystem),
        [
            new ChatSystemMessage(GenerateAvailableFunctionsSystemText(availableFunctions, documentParams)),
            new ChatSystemMessage(Variation == FunctionaryVariation.V3
                ? "Call functions with the right input when needed. Start every message with >>> and its recipient: a function name, or all for a reply to the user."
                : "The assistant calls functions with appropriate input when necessary. The assistant writes <|stop|> when finished answering."),
        ]);
        return result;
    }

    private ChatWrapperContextState RenderLlama3Based(IReadOnlyList<ChatHistoryItem> history, bool hasFunctions)
    {
        var v3 = Variation == FunctionaryVariation.V3;
        var parts = new List<LlamaText> { SpecialToken.Bos };
        for (var i = 0; i < history.Count; i++)
        {
            var isLast = i == history.Count - 1;
            switch (history[i])
            {
                case ChatSystemMessage system when !system.Text.IsEmpty:
                    parts.Add(new LlamaText(S("<|start_header_id|>system<|end_header_id|>\n\n"), system.Text, SpecialToken.Eot));
                    break;
                case ChatUserMessage user:
                    parts.Add(new LlamaText(S("<|start_header_id|>user<|end_header_id|>\n\n"), user.Text, SpecialToken.Eot));
                    break;
                case ChatModelResponse model:
                    parts.Add(RenderLlama3BasedModel(model.Response, isLast, v3));
                    break;
            }
        }

        var stops = new List<LlamaText>(Llama3ChatWrapper.Llama3StopTriggers);
        if (!v3)
            return ContextState(parts, stops, disengageTriggers: null);

        // A v3 model starts every text answer with ">>>all\n", functions or not; the history renders it back.
        LlamaText[] textStart = [new LlamaText(S(">>>"), "all\n"), ">>>all\n"];
        return hasFunctions
            ? ContextState(parts, stops, textStart)
            : new ChatWrapperContextState { ContextText = new LlamaText(parts), StopGenerationTriggers = stops, IgnoreStartText = textStart };
    }

    private LlamaText RenderLlama3BasedModel(IReadOnlyList<ChatModelResponseItem> response, bool isLast, bool v3)
    {
        var parts = new List<LlamaText> { AssistantHeader };
        var endsWithText = false;
        WalkResponse(response,
            (text, _) =>
            {
                parts.Add(v3 ? new LlamaText(S(">>>"), "all\n", text.Text) : text.Text);
                endsWithText = true;
            },
            calls =>
            {
                parts.Add(GenerateFunctionCallsAndResults(calls));
                endsWithText = false;
            });

        if (!isLast)
            parts.Add(endsWithText || response.Count == 0 ? SpecialToken.Eot : LlamaText.Empty);

        return new LlamaText(parts);
    }

    private ChatWrapperContextState RenderV2(IReadOnlyList<ChatHistoryItem> history, bool hasFunctions)
    {
        LlamaText Message(string from, LlamaText content, bool first) =>
            new(first ? LlamaText.Empty : S("\n"), S($"<|from|>{from}\n<|recipient|>all\n<|content|>"), content);

        var parts = new List<LlamaText> { SpecialToken.Bos };
        for (var i = 0; i < history.Count; i++)
        {
            var first = i == 0;
            var isLast = i == history.Count - 1;
            switch (history[i])
            {
                case ChatSystemMessage system when !system.Text.IsEmpty:
                    parts.Add(Message("system", system.Text, first));
                    break;
                case ChatUserMessage user:
                    parts.Add(Message("user", user.Text, first));
                    break;
                case ChatModelResponse model:
                    var wroteAnything = false;
                    var afterResults = false;
                    WalkResponse(model.Response,
                        (text, index) =>
                        {
                            // The results section ends by opening the assistant's next message, as the model saw it.
                            parts.Add(afterResults ? text.Text : Message("assistant", text.Text, first && !wroteAnything));
                            wroteAnything = true;
                            afterResults = false;
                            if (!isLast || index < model.Response.Length - 1)
                                parts.Add(S("<|stop|>"));
                        },
                        calls =>
                        {
                            parts.Add(GenerateFunctionCallsAndResults(calls));
                            wroteAnything = true;
                            afterResults = true;
                        });

                    if (!wroteAnything && isLast && !hasFunctions)
                        parts.Add(Message("assistant", LlamaText.Empty, first));
                    break;
            }
        }

        LlamaText[] stops =
        [
            SpecialToken.Eos, S("<|stop|>"), " <|stop|>", "<|stop|>", "\n<|from|>user", S(" <|stop|>"), S("\n<|from|>user"),
        ];
        if (!hasFunctions)
            return ContextState(parts, stops, disengageTriggers: null);

        return ContextState(parts, stops,
        [
            "\n<|from|>assistant\n<|recipient|>all\n<|content|>",
            S("\n<|from|>assistant\n<|recipient|>all\n<|content|>"),
            "\n\n<|from|>assistant\n<|recipient|>all\n<|content|>",
            S("\n\n<|from|>assistant\n<|recipient|>all\n<|content|>"),
        ]);
    }

    /// <summary>
    /// The context state. With <paramref name="disengageTriggers"/> (when functions are available) the model's turn starts
    /// in function-call mode, since the model first writes a recipient; those texts, the recipient <c>all</c>, switch it
    /// to a text answer and are left out of it.
    /// </summary>
    private static ChatWrapperContextState ContextState(List<LlamaText> parts, IReadOnlyList<LlamaText> stops,
        IReadOnlyList<LlamaText>? disengageTriggers)
    {
        if (disengageTriggers is null)
            return new ChatWrapperContextState { ContextText = new LlamaText(parts), StopGenerationTriggers = stops };

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = stops,
            IgnoreStartText = disengageTriggers,
            InitiallyEngagedFunctionCall = new InitiallyEngagedFunctionCall { DisengageTriggers = disengageTriggers },
        };
    }

    /// <summary>
    /// Walks a model response: each text goes to <paramref name="onText"/> with its index in <paramref name="response"/>,
    /// and calls go to <paramref name="onCalls"/> in batches (rendered together, calls then results), each batch before
    /// the next text and at the end; a call that starts a new chunk starts a new batch. Segments are left out: the
    /// Functionary formats have no segment syntax.
    /// </summary>
    private static void WalkResponse(IReadOnlyList<ChatModelResponseItem> response, Action<ChatModelText, int> onText,
        Action<IReadOnlyList<ChatModelFunctionCall>> onCalls)
    {
        var pending = new List<ChatModelFunctionCall>();
        void FlushCalls()
        {
            if (pending.Count == 0)
                return;

            onCalls(pending.ToList());
            pending.Clear();
        }

        for (var i = 0; i < response.Count; i++)
        {
            switch (response[i])
            {
                case ChatModelText text:
                    FlushCalls();
                    onText(text, i);
                    break;
                case ChatModelFunctionCall call:
                    if (call.StartsNewChunk)
                        FlushCalls();
                    pending.Add(call);
                    break;
            }
        }

        FlushCalls();
    }
}
