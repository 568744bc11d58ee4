using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// DeepSeek R1/V3: <c>&lt;｜User｜&gt;…&lt;｜Assistant｜&gt;…&lt;｜end▁of▁sentence｜&gt;</c> with thoughts in
/// <c>&lt;think&gt;…&lt;/think&gt;</c>; system messages come first, without a header.
/// </summary>
public class DeepSeekChatWrapper : ChatWrapper
{
    private static SpecialTokensText S(string text) => new(text);

    /// <summary>Creates the wrapper.</summary>
    /// <param name="keepOnlyLastThought">Whether thoughts of earlier model turns are left out of the context (default true).</param>
    /// <param name="functionCallingSyntax">The call syntax.</param>
    /// <param name="parallelFunctionCalling">Whether several calls may be made at once (not with <see cref="DeepSeekFunctionCallingSyntax.R1Workaround"/>).</param>
    /// <exception cref="ArgumentException">Parallel calls were requested with the R1 workaround syntax.</exception>
    public DeepSeekChatWrapper(bool keepOnlyLastThought = true,
        DeepSeekFunctionCallingSyntax functionCallingSyntax = DeepSeekFunctionCallingSyntax.R1Workaround, bool parallelFunctionCalling = false)
    {
        if (parallelFunctionCalling && functionCallingSyntax == DeepSeekFunctionCallingSyntax.R1Workaround)
            throw new ArgumentException("Parallel function calling is not supported with the R1Workaround syntax; use Simplified or Original.",
                nameof(parallelFunctionCalling));

        KeepOnlyLastThought = keepOnlyLastThought;
        FunctionCallingSyntax = functionCallingSyntax;
        ParallelFunctionCalling = parallelFunctionCalling;
        Settings = new ChatWrapperSettings
        {
            Functions = CreateFunctionSettings(functionCallingSyntax, parallelFunctionCalling),
            Segments = new ChatWrapperSegmentSettings
            {
                ReiterateStackAfterFunctionCalls = true,
                Thought = new SegmentSyntax
                {
                    Prefix = S("<think>"),
                    Suffix = S("</think>"),
                    ReopenAfterFunctionCalls = functionCallingSyntax == DeepSeekFunctionCallingSyntax.Simplified,
                },
            },
        };
    }

    /// <inheritdoc/>
    public override string WrapperName => "DeepSeek";

    /// <summary>Whether thoughts of earlier model turns are left out of the context.</summary>
    public bool KeepOnlyLastThought { get; }

    /// <summary>The call syntax.</summary>
    public DeepSeekFunctionCallingSyntax FunctionCallingSyntax { get; }

    /// <summary>Whether parallel calls are enabled.</summary>
    public bool ParallelFunctionCalling { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings { get; }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        var parts = new List<LlamaText>
        {
            SpecialToken.Bos,
            LlamaText.Join("\n\n", history.OfType<ChatSystemMessage>().Select(system => system.Text)),
        };

        for (var i = 0; i < history.Count; i++)
        {
            var isLast = i == history.Count - 1;
            switch (history[i])
            {
                case ChatUserMessage user:
                    parts.Add(new LlamaText(S("<｜User｜>"), user.Text));
                    break;
                case ChatModelResponse model:
                    var items = KeepOnlyLastThought && !isLast
                        ? model.Response.Where(item => item is not ChatModelSegment { SegmentType: ChatModelSegmentType.Thought }).ToList()
                        : (IReadOnlyList<ChatModelResponseItem>)model.Response;
                    parts.Add(new LlamaText(S("<｜Assistant｜>"), GenerateModelResponseText(items),
                        isLast ? LlamaText.Empty : S("<｜end▁of▁sentence｜>")));
                    break;
            }
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = [SpecialToken.Eos, SpecialToken.Eot, S("<｜end▁of▁sentence｜>"), S("<｜User｜>")],
        };
    }

    /// <inheritdoc/>
    public override LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return LlamaText.Empty;

        var call = Settings.Functions.Call;
        LlamaText Example(string name, string parameters) => new(call.Prefix, name, call.ParamsPrefix, parameters, call.Suffix);
        var signatures = ChatFunctionsDocumentation.JsonFunctionSignatures(availableFunctions, documentParams);

        if (FunctionCallingSyntax == DeepSeekFunctionCallingSyntax.R1Workaround)
            return LlamaText.Join("\n",
                "You can call the functions below to get information you do not have. Call a function before answering when it can help, " +
                "and call it again if an earlier result may be out of date.",
                "Available functions:",
                signatures,
                "",
                "A function is called like this:",
                Example("getSomeInfo", PythonStyleJson.Serialize(new JsonObject { ["someKey"] = "someValue" })),
                "",
                new LlamaText("The ", call.Prefix, " prefix must be written exactly."),
                "",
                "Never guess a function's result; use the result that appears after the call. " +
                "Results are not shown to the user, so repeat what the user needs to know in your own words.");

        var parallel = Settings.Functions.Parallelism;
        var single = parallel is null
            ? Example("funcName", "parameters")
            : new LlamaText(parallel.CallSectionPrefix, Example("funcName", "parameters"), parallel.CallSectionSuffix);
        var lines = new List<LlamaText>
        {
            "You can call these functions:",
            signatures,
            "",
            "To call a function, use this format:",
            single,
            "where funcName is the function's name and parameters is a JSON object with its arguments.",
        };
        if (parallel is not null)
        {
            lines.Add("");
            lines.Add("Several functions can be called at once like this:");
            lines.Add(new LlamaText(parallel.CallSectionPrefix, Example("funcName1", "parameters1"), parallel.BetweenCalls,
                Example("funcName2", "parameters2"), parallel.CallSectionSuffix));
        }

        return LlamaText.Join("\n", lines);
    }

    private static ChatWrapperFunctionSettings CreateFunctionSettings(DeepSeekFunctionCallingSyntax syntax, bool parallel)
    {
        switch (syntax)
        {
            case DeepSeekFunctionCallingSyntax.Original when parallel:
                return new ChatWrapperFunctionSettings
                {
                    Call = new FunctionCallSyntax
                    {
                        Prefix = S("<｜tool▁call▁begin｜>function<｜tool▁sep｜>"),
                        ParamsPrefix = S("\n```json\n"),
                        Suffix = S("\n```<｜tool▁call▁end｜>"),
                    },
                    Result = ToolOutputResult,
                    Parallelism = ToolCallSections(resultSectionSuffix: S("<｜tool▁outputs▁end｜><｜Assistant｜>")),
                };
            case DeepSeekFunctionCallingSyntax.Original:
                return new ChatWrapperFunctionSettings
                {
                    Call = new FunctionCallSyntax
                    {
                        Prefix = S("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>"),
                        ParamsPrefix = S("\n```json\n"),
                        Suffix = S("\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜><｜end▁of▁sentence｜>"),
                    },
                    Result = new FunctionResultSyntax
                    {
                        Prefix = S("<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>"),
                        Suffix = S("<｜tool▁output▁end｜><｜tool▁outputs▁end｜><｜Assistant｜>"),
                    },
                };
            case DeepSeekFunctionCallingSyntax.Simplified:
                // A single call closes the model's turn itself; parallel calls leave that to the call section.
                return new ChatWrapperFunctionSettings
                {
                    Call = new FunctionCallSyntax
                    {
                        Prefix = S("<｜tool▁call▁begin｜>"),
                        ParamsPrefix = S("<｜tool▁sep｜>\n```json\n"),
                        Suffix = parallel ? S("\n```<｜tool▁call▁end｜>") : S("\n```<｜tool▁call▁end｜><｜end▁of▁sentence｜>"),
                    },
                    Result = ToolOutputResult,
                    Parallelism = parallel ? ToolCallSections(resultSectionSuffix: S("<｜tool▁outputs▁end｜>")) : null,
                };
            default:
                return new ChatWrapperFunctionSettings
                {
                    Call = new FunctionCallSyntax { Prefix = S("<function="), ParamsPrefix = S(">"), Suffix = S("</function>") },
                    Result = new FunctionResultSyntax { Prefix = S("<｜tool▁output▁begin｜>"), Suffix = S("<｜tool▁output▁end｜>\n") },
                };
        }
    }

    /// <summary>One result in DeepSeek's tool-output tokens, as every syntax but the original single-call one writes it.</summary>
    private static FunctionResultSyntax ToolOutputResult { get; } =
        new() { Prefix = S("<｜tool▁output▁begin｜>"), Suffix = S("<｜tool▁output▁end｜>") };

    /// <summary>
    /// DeepSeek's parallel call and result sections; the syntaxes differ only in what follows the results (the original
    /// one reopens the assistant turn itself).
    /// </summary>
    private static ParallelFunctionCallSyntax ToolCallSections(LlamaText resultSectionSuffix) => new()
    {
        CallSectionPrefix = S("<｜tool▁calls▁begin｜>"),
        BetweenCalls = S("\n"),
        CallSectionSuffix = S("<｜tool▁calls▁end｜><｜end▁of▁sentence｜>"),
        ResultSectionPrefix = S("<｜tool▁outputs▁begin｜>"),
        BetweenResults = S("\n"),
        ResultSectionSuffix = resultSectionSuffix,
    };
}
