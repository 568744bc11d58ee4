using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Qwen 2.5, 3 and 3.5: ChatML without BOS, thoughts in <c>&lt;think&gt;\n…\n&lt;/think&gt;</c>, calls in
/// <c>&lt;tool_call&gt;</c> blocks and results in a user turn of <c>&lt;tool_response&gt;</c> blocks.
/// </summary>
public class QwenChatWrapper : ChatWrapper
{
    private static readonly LlamaText EmptyThoughtRaw = new SpecialTokensText("<think>\n\n</think>\n\n");

    /// <summary>Creates the wrapper.</summary>
    /// <param name="keepOnlyLastThought">Whether thoughts of earlier model turns are left out of the context (default true).</param>
    /// <param name="thoughts">Whether to let the model think or discourage it with an empty thought.</param>
    /// <param name="variation">The function-call syntax generation.</param>
    /// <param name="lineBreakBeforeFunctionCallPrefix">Whether a call is preceded by a line break (as templates write it after text).</param>
    public QwenChatWrapper(bool keepOnlyLastThought = true, ThoughtsMode thoughts = ThoughtsMode.Auto,
        QwenVariation variation = QwenVariation.Qwen3, bool lineBreakBeforeFunctionCallPrefix = false)
    {
        KeepOnlyLastThought = keepOnlyLastThought;
        Thoughts = thoughts;
        Variation = variation;
        var lineBreak = lineBreakBeforeFunctionCallPrefix ? "\n" : "";
        var call = variation == QwenVariation.Qwen3_5
            ? new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = new LlamaText(lineBreak, new SpecialTokensText("<tool_call>"), "\n<function="),
                ParamsPrefix = ">\n<parameter=params>\n",
                Suffix = new LlamaText("\n</parameter>\n</function>\n", new SpecialTokensText("</tool_call>")),
                EmptyCallParamsPlaceholder = new JsonObject(),
            }
            : new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = new LlamaText(lineBreak, new SpecialTokensText("<tool_call>"), "\n{\"name\": \""),
                ParamsPrefix = "\", \"arguments\": ",
                Suffix = new LlamaText("}\n", new SpecialTokensText("</tool_call>")),
                EmptyCallParamsPlaceholder = new JsonObject(),
            };

        Settings = new ChatWrapperSettings
        {
            Functions = new ChatWrapperFunctionSettings
            {
                Call = call,
                Result = new FunctionResultSyntax
                {
                    Prefix = new SpecialTokensText("\n<tool_response>\n"),
                    Suffix = new SpecialTokensText("\n</tool_response>"),
                },
                Parallelism = new ParallelFunctionCallSyntax
                {
                    CallSectionPrefix = "",
                    BetweenCalls = lineBreakBeforeFunctionCallPrefix ? "" : "\n",
                    CallSectionSuffix = new SpecialTokensText("<|im_end|>\n"),
                    ResultSectionPrefix = new SpecialTokensText("<|im_start|>user"),
                    ResultSectionSuffix = new SpecialTokensText("<|im_end|>\n<|im_start|>assistant\n"),
                },
            },
            Segments = new ChatWrapperSegmentSettings
            {
                ReiterateStackAfterFunctionCalls = true,
                Thought = new SegmentSyntax
                {
                    Prefix = new SpecialTokensText("<think>\n"),
                    Suffix = new SpecialTokensText("\n</think>"),
                },
            },
        };
    }

    /// <inheritdoc/>
    public override string WrapperName => "Qwen";

    /// <summary>Whether thoughts of earlier model turns are left out of the context.</summary>
    public bool KeepOnlyLastThought { get; }

    /// <summary>Whether thinking is discouraged.</summary>
    public ThoughtsMode Thoughts { get; }

    /// <summary>The function-call syntax generation.</summary>
    public QwenVariation Variation { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings { get; }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        var turns = ChatTurnGrouper.Group(history, ChatTurnGrouping.SystemsMerged, (model, index) =>
        {
            var isLast = index == history.Count - 1;
            IEnumerable<ChatModelResponseItem> items = Thoughts == ThoughtsMode.Discourage && isLast
                ? DiscourageThoughts(model.Response)
                : model.Response;
            if (KeepOnlyLastThought && !isLast)
                items = items.Where(item => item is not ChatModelSegment { SegmentType: ChatModelSegmentType.Thought });

            return GenerateModelResponseText(items.ToList());
        });

        return new ChatWrapperContextState
        {
            ContextText = ChatMLChatWrapper.RenderChatMLTurns(turns),
            StopGenerationTriggers = [SpecialToken.Eos, new SpecialTokensText("<|im_end|>"), "<|im_end|>"],
        };
    }

    /// <inheritdoc/>
    public override IReadOnlyList<ChatHistoryItem> AddAvailableFunctionsSystemMessageToHistory(IReadOnlyList<ChatHistoryItem> history,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        // Qwen 3.5's template puts the tools before the system prompt; earlier ones after it.
        if (Variation != QwenVariation.Qwen3_5 || availableFunctions.Count == 0)
            return base.AddAvailableFunctionsSystemMessageToHistory(history, availableFunctions, documentParams);

        return [new ChatSystemMessage(GenerateAvailableFunctionsSystemText(availableFunctions, documentParams)), .. history];
    }

    /// <inheritdoc/>
    public override LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return LlamaText.Empty;

        var tools = ChatFunctionsDocumentation.OpenAiToolLines(availableFunctions, documentParams);
        if (Variation == QwenVariation.Qwen3_5)
            return LlamaText.Join("\n",
                "# Tools",
                "",
                "You have access to the following functions:",
                "",
                new SpecialTokensText("<tools>"),
                tools,
                new SpecialTokensText("</tools>"),
                "",
                "To call a function, reply ONLY in this format:",
                "",
                new LlamaText(new SpecialTokensText("<tool_call>"), "\n<function=example_function_name>\n<parameter=params>\n" +
                    "{\"example_parameter\": \"value\"}\n</parameter>\n</function>\n", new SpecialTokensText("</tool_call>")));

        return LlamaText.Join("\n",
            "# Tools",
            "",
            "You may call one or more functions to assist with the user query.",
            "",
            new LlamaText("You are provided with function signatures within ", new SpecialTokensText("<tools></tools>"), " XML tags:"),
            new SpecialTokensText("<tools>"),
            tools,
            new SpecialTokensText("</tools>"),
            "",
            new LlamaText("For each function call, return a json object with function name and arguments within ",
                new SpecialTokensText("<tool_call></tool_call>"), " XML tags:"),
            new SpecialTokensText("<tool_call>"),
            "{\"name\": <function-name>, \"arguments\": <args-json-object>}",
            new SpecialTokensText("</tool_call>"));
    }

    private static List<ChatModelResponseItem> DiscourageThoughts(IReadOnlyList<ChatModelResponseItem> response)
    {
        var emptyThought = new ChatModelSegment(ChatModelSegmentType.Thought, "\n\n", Ended: true) { Raw = EmptyThoughtRaw };
        var result = response.ToList();
        var lastCall = result.FindLastIndex(item => item is ChatModelFunctionCall);
        result.Insert(lastCall + 1, emptyThought);
        return result;
    }
}
