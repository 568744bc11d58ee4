using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Mistral (v3 tokenizer): <c>[INST]…[/INST]…&lt;/s&gt;</c>. The system prompt goes into the last user message, the
/// tools into <c>[AVAILABLE_TOOLS]…[/AVAILABLE_TOOLS]</c> just before it. Calls are
/// <c>[TOOL_CALLS][{"name": "N", "arguments": {…}}, …]&lt;/s&gt;</c>, results <c>[TOOL_RESULTS]{"name": "N", "content": …}[/TOOL_RESULTS]</c>.
/// </summary>
public class MistralChatWrapper : ChatWrapper
{
    /// <summary>Creates the wrapper.</summary>
    /// <param name="addSpaceBeforeEos">Whether a space is written between a model answer and the EOS token.</param>
    /// <param name="noFunctionNameInResult">Whether results leave out the function name (<c>{"content": …}</c>), as newer templates do.</param>
    /// <param name="stringifyFunctionCallResult">Whether results are written as JSON strings (the result JSON, quoted).</param>
    public MistralChatWrapper(bool addSpaceBeforeEos = false, bool noFunctionNameInResult = false, bool stringifyFunctionCallResult = false)
    {
        AddSpaceBeforeEos = addSpaceBeforeEos;
        StringifyFunctionCallResult = stringifyFunctionCallResult;
        Settings = new ChatWrapperSettings
        {
            Functions = new ChatWrapperFunctionSettings
            {
                Call = new FunctionCallSyntax
                {
                    OptionalPrefixSpace = true,
                    Prefix = "{\"name\": \"",
                    ParamsPrefix = "\", \"arguments\": ",
                    Suffix = "}",
                    EmptyCallParamsPlaceholder = new JsonObject(),
                },
                Result = new FunctionResultSyntax
                {
                    Prefix = new LlamaText(new SpecialTokensText("[TOOL_RESULTS]"),
                        noFunctionNameInResult ? "{\"content\": " : "{\"name\": \"{{functionName}}\", \"content\": "),
                    Suffix = new LlamaText("}", new SpecialTokensText("[/TOOL_RESULTS]")),
                },
                Parallelism = new ParallelFunctionCallSyntax
                {
                    CallSectionPrefix = new LlamaText(new SpecialTokensText("[TOOL_CALLS]"), "["),
                    BetweenCalls = ", ",
                    CallSectionSuffix = new LlamaText("]", SpecialToken.Eos),
                },
            },
        };
    }

    /// <inheritdoc/>
    public override string WrapperName => "Mistral";

    /// <summary>Whether a space is written between a model answer and the EOS token.</summary>
    public bool AddSpaceBeforeEos { get; }

    /// <summary>Whether results are written as JSON strings.</summary>
    public bool StringifyFunctionCallResult { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<ChatHistoryItem> AddAvailableFunctionsSystemMessageToHistory(IReadOnlyList<ChatHistoryItem> history,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true) => history;

    /// <inheritdoc/>
    public override IReadOnlyList<ChatHistoryItem> GenerateInitialChatHistory(string? systemPrompt = null) =>
        string.IsNullOrWhiteSpace(systemPrompt) ? [] : [new ChatSystemMessage(systemPrompt)];

    /// <inheritdoc/>
    public override LlamaText GenerateFunctionCallResult(string functionName, JsonNode? functionParams, JsonNode? result)
    {
        if (StringifyFunctionCallResult && result is not null)
            return GenerateRawFunctionCallResult(functionName, functionParams, PythonStyleJson.Quote(PythonStyleJson.Serialize(result)));

        return base.GenerateFunctionCallResult(functionName, functionParams, result);
    }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var leadingSystems = LeadingSystemMessages.Texts(chatHistory);
        var systemMessage = LlamaText.Join("\n\n", leadingSystems);
        var rest = chatHistory.Skip(leadingSystems.Count).ToList();
        var lastUserIndex = rest.FindLastIndex(item => item is ChatUserMessage);
        var earlier = lastUserIndex < 0 ? [] : rest.Take(lastUserIndex).ToList();
        var lastInteraction = lastUserIndex < 0 ? rest : rest.Skip(lastUserIndex).ToList();

        var parts = new List<LlamaText> { SpecialToken.Bos };
        foreach (var turn in Group(earlier))
            parts.Add(RenderTurn(turn, LlamaText.Empty, isLast: false));

        if (availableFunctions.Count > 0)
            parts.Add(new LlamaText(new SpecialTokensText("[AVAILABLE_TOOLS]"), ToolsJson(availableFunctions, documentFunctionParams),
                new SpecialTokensText("[/AVAILABLE_TOOLS]")));

        var lastTurns = Group(lastInteraction);
        for (var i = 0; i < lastTurns.Count; i++)
        {
            var isLast = i == lastTurns.Count - 1;
            parts.Add(RenderTurn(lastTurns[i], isLast && !systemMessage.IsEmpty ? new LlamaText(systemMessage, "\n\n") : LlamaText.Empty, isLast));
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = [SpecialToken.Eos, "</s>"],
        };
    }

    private List<ChatTurn> Group(IReadOnlyList<ChatHistoryItem> items) =>
        ChatTurnGrouper.Group(items, ChatTurnGrouping.Interactions, (model, _) => GenerateModelResponseText(model.Response));

    private LlamaText RenderTurn(ChatTurn turn, LlamaText systemPrefix, bool isLast)
    {
        var userParts = new[] { turn.System, turn.User }.Where(text => text is not null && !text.IsEmpty);
        return new LlamaText(
            new SpecialTokensText("[INST]"),
            systemPrefix,
            LlamaText.Join("\n\n", userParts),
            new SpecialTokensText("[/INST]"),
            turn.Model,
            isLast ? LlamaText.Empty : new LlamaText(AddSpaceBeforeEos ? " " : "", SpecialToken.Eos));
    }

    private static string ToolsJson(IReadOnlyList<ChatFunctionDefinition> functions, bool documentParams)
    {
        var tools = new JsonArray();
        foreach (var function in functions)
            tools.Add(ChatFunctionsDocumentation.OpenAiTool(function, documentParams));

        return PythonStyleJson.Serialize(tools);
    }
}
