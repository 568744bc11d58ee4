using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Gemma 4: <c>&lt;|turn&gt;role\n…&lt;turn|&gt;\n</c>, thoughts in <c>&lt;|channel&gt;thought\n…&lt;channel|&gt;</c>, tools declared
/// in the system turn as <c>&lt;|tool&gt;declaration:NAME{…}&lt;tool|&gt;</c>, calls as <c>&lt;|tool_call&gt;call:NAME{json}&lt;tool_call|&gt;</c>
/// and results as <c>&lt;|tool_response&gt;response:NAME{json}&lt;tool_response|&gt;</c>.
/// </summary>
public class Gemma4ChatWrapper : ChatWrapper
{
    private static SpecialTokensText S(string text) => new(text);

    private static readonly ChatWrapperSettings Gemma4Settings = new()
    {
        Functions = new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = false,
                Prefix = S("<|tool_call>call:"),
                ParamsPrefix = LlamaText.Empty,
                Suffix = S("<tool_call|>"),
                EmptyCallParamsPlaceholder = new JsonObject(),
            },
            Result = new FunctionResultSyntax
            {
                Prefix = new LlamaText(S("<|tool_response>"), "response:{{functionName}}"),
                Suffix = S("<tool_response|>"),
            },
        },
        Segments = new ChatWrapperSegmentSettings
        {
            ReiterateStackAfterFunctionCalls = true,
            Thought = new SegmentSyntax { Prefix = S("<|channel>thought\n"), Suffix = S("<channel|>") },
        },
    };

    /// <summary>Creates the wrapper.</summary>
    /// <param name="reasoning">Whether the model is asked to think (<c>&lt;|think|&gt;</c> in the system turn); otherwise its turn starts with an empty thought.</param>
    /// <param name="keepOnlyLastThought">Whether thoughts of earlier model turns are left out of the context (default true).</param>
    public Gemma4ChatWrapper(bool reasoning = true, bool keepOnlyLastThought = true)
    {
        Reasoning = reasoning;
        KeepOnlyLastThought = keepOnlyLastThought;
    }

    /// <inheritdoc/>
    public override string WrapperName => "Gemma 4";

    /// <summary>Whether the model is asked to think.</summary>
    public bool Reasoning { get; }

    /// <summary>Whether thoughts of earlier model turns are left out of the context.</summary>
    public bool KeepOnlyLastThought { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings => Gemma4Settings;

    /// <inheritdoc/>
    public override LlamaText GenerateFunctionCallResult(string functionName, JsonNode? functionParams, JsonNode? result) =>
        GenerateRawFunctionCallResult(functionName, functionParams,
            PythonStyleJson.Serialize(result as JsonObject ?? new JsonObject { ["value"] = result?.DeepClone() }));

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var (systemText, history) = LeadingSystemMessages.SplitFirst(chatHistory);

        systemText = new LlamaText(Reasoning ? S("<|think|>\n") : LlamaText.Empty, systemText,
            GenerateAvailableFunctionsSystemText(availableFunctions, documentFunctionParams));
        if (!systemText.IsEmpty)
            history.Insert(0, new ChatSystemMessage(systemText));

        var parts = new List<LlamaText> { SpecialToken.Bos };
        for (var i = 0; i < history.Count; i++)
        {
            var isLast = i == history.Count - 1;
            var end = isLast ? LlamaText.Empty : S("<turn|>\n");
            parts.Add(history[i] switch
            {
                ChatSystemMessage system => new LlamaText(S("<|turn>system\n"), system.Text, end),
                ChatUserMessage user => new LlamaText(S("<|turn>user\n"), user.Text, end),
                ChatModelResponse model => new LlamaText(S("<|turn>model\n"), RenderModel(model.Response, isLast), end),
                _ => LlamaText.Empty,
            });
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = [SpecialToken.Eos, SpecialToken.Eot, S("<turn|>"), S("<turn|>\n"), "<turn|>"],
        };
    }

    /// <inheritdoc/>
    public override LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true) =>
        new(availableFunctions.Select(function =>
        {
            var declaration = new JsonObject();
            if (ChatFunctionsDocumentation.HasDescription(function.Description))
                declaration["description"] = function.Description;
            if (documentParams)
                declaration["parameters"] = function.Params?.DeepClone() ?? new JsonObject();

            return new LlamaText(S("<|tool>"), "declaration:" + function.Name + PythonStyleJson.Serialize(declaration), S("<tool|>"));
        }));

    private LlamaText RenderModel(IReadOnlyList<ChatModelResponseItem> response, bool isLast)
    {
        IEnumerable<ChatModelResponseItem> items = response.Where(item =>
            item is not ChatModelSegment { SegmentType: ChatModelSegmentType.Comment } &&
            !(KeepOnlyLastThought && !isLast && item is ChatModelSegment { SegmentType: ChatModelSegmentType.Thought }) &&
            !(item is ChatModelText { Text: "" }));

        // Without reasoning the template opens the model's turn with an empty thought; do the same so the model answers directly.
        if (!Reasoning && isLast && !response.Any(item => item is ChatModelSegment { SegmentType: ChatModelSegmentType.Thought }))
            items = items.Prepend(new ChatModelSegment(ChatModelSegmentType.Thought, "", Ended: true) { Raw = S("<|channel>thought\n<channel|>") });

        return GenerateModelResponseText(items.ToList());
    }
}
