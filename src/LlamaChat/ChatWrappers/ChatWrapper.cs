using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// A chat format: turns a chat history (plus the functions the model may call) into the exact text a model was
/// trained on, and tells the generation loop what ends a turn, how function calls and results look and how
/// thoughts are delimited. Subclasses override <see cref="GenerateContextState"/> and, where the format differs from
/// the defaults, <see cref="Settings"/> and the function helpers.
/// </summary>
public abstract class ChatWrapper
{
    /// <summary>
    /// The system prompt used when none is given: short and neutral, so it suits any model.
    /// </summary>
    public const string DefaultSystemPrompt =
        "You are a helpful assistant. Answer accurately and clearly, and say so when you do not know something.";

    /// <summary>
    /// Settings of the generic format: calls written as <c>||call: name(params)</c> (the parentheses are special-token
    /// text, so plain text can never fake them) and results as <c>\n||result: …\n</c>.
    /// </summary>
    public static ChatWrapperSettings DefaultSettings { get; } = new()
    {
        SupportsSystemMessages = true,
        Functions = new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = "||call: ",
                ParamsPrefix = new SpecialTokensText("("),
                Suffix = new SpecialTokensText(")"),
            },
            Result = new FunctionResultSyntax
            {
                Prefix = new LlamaText(new SpecialTokensText("\n"), "||result: "),
                Suffix = new SpecialTokensText("\n"),
            },
        },
    };

    /// <summary>A human-readable name of the format, such as <c>"ChatML"</c>.</summary>
    public abstract string WrapperName { get; }

    /// <summary>The format's function-call syntax and segments.</summary>
    public virtual ChatWrapperSettings Settings => DefaultSettings;

    /// <summary>
    /// Renders <paramref name="chatHistory"/> into the context text, with the documentation of
    /// <paramref name="availableFunctions"/> and the stop triggers of the format. A history that ends with a model
    /// item renders that turn open (no end-of-turn token), ready for the model to continue; an empty model item
    /// renders just the model's turn header.
    /// </summary>
    /// <param name="chatHistory">The conversation.</param>
    /// <param name="availableFunctions">Functions the model may call; null or empty for none.</param>
    /// <param name="documentFunctionParams">Whether the functions' parameter schemas are shown to the model.</param>
    /// <exception cref="ArgumentException">The history contains null items or the functions have duplicate names.</exception>
    public ChatWrapperContextState GenerateContextState(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition>? availableFunctions = null, bool documentFunctionParams = true)
    {
        ArgumentNullException.ThrowIfNull(chatHistory);
        for (var i = 0; i < chatHistory.Count; i++)
            if (chatHistory[i] is null)
                throw new ArgumentException($"Chat history item {i} is null; remove it.", nameof(chatHistory));

        var functions = availableFunctions ?? [];
        var duplicate = functions.GroupBy(function => function.Name).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"The function \"{duplicate.Key}\" is defined more than once; function names must be unique.",
                nameof(availableFunctions));

        return GenerateContextStateCore(chatHistory, functions, documentFunctionParams);
    }

    /// <summary>
    /// The format-specific rendering behind <see cref="GenerateContextState"/>; arguments are already validated.
    /// The base implementation is a plain <c>system: …\nuser: …\nmodel: …</c> listing.
    /// </summary>
    protected virtual ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams);
        var texts = history.Select(item => item switch
        {
            ChatSystemMessage system => new LlamaText("system: ", system.Text),
            ChatUserMessage user => new LlamaText("user: ", user.Text),
            ChatModelResponse model => new LlamaText("model: ", GenerateModelResponseText(model.Response)),
            _ => LlamaText.Empty,
        });

        return new ChatWrapperContextState { ContextText = LlamaText.Join("\n", texts), StopGenerationTriggers = [] };
    }

    /// <summary>
    /// Renders a batch of function calls followed by their results; with <see cref="ChatWrapperFunctionSettings.Parallelism"/>
    /// all calls come first (in a call section), then all results (in a result section), otherwise each call is followed by its result.
    /// </summary>
    /// <param name="functionCalls">The calls, with results.</param>
    /// <param name="useRawCall">Whether a call's recorded <see cref="ChatModelFunctionCall.RawCall"/> is used instead of re-rendering it.</param>
    public virtual LlamaText GenerateFunctionCallsAndResults(IReadOnlyList<ChatModelFunctionCall> functionCalls, bool useRawCall = true)
    {
        ArgumentNullException.ThrowIfNull(functionCalls);
        if (functionCalls.Count == 0)
            return LlamaText.Empty;

        var calls = functionCalls
            .Select(call => useRawCall && call.RawCall is not null ? call.RawCall : GenerateFunctionCall(call.Name, call.Params))
            .ToList();
        var results = functionCalls.Select(call => GenerateFunctionCallResult(call.Name, call.Params, call.Result)).ToList();

        var parallelism = Settings.Functions.Parallelism;
        if (parallelism is null)
            return new LlamaText(calls.Zip(results, (call, result) => call + result));

        return new LlamaText(
            parallelism.CallSectionPrefix,
            LlamaText.Join(parallelism.BetweenCalls, calls),
            parallelism.CallSectionSuffix,
            parallelism.ResultSectionPrefix,
            LlamaText.Join(parallelism.BetweenResults, results),
            parallelism.ResultSectionSuffix);
    }

    /// <summary>
    /// Renders one call: prefix, name, params prefix, params as Python-style JSON (or the empty-params placeholder), suffix.
    /// </summary>
    public virtual LlamaText GenerateFunctionCall(string name, JsonNode? parameters)
    {
        var call = Settings.Functions.Call;
        return new LlamaText(call.Prefix, name, call.ParamsPrefix, FormatCallParams(parameters, call.EmptyCallParamsPlaceholder), call.Suffix);
    }

    /// <summary>
    /// Renders one result: prefix, the result as Python-style JSON (<c>void</c> when there is none), suffix.
    /// </summary>
    public virtual LlamaText GenerateFunctionCallResult(string functionName, JsonNode? functionParams, JsonNode? result) =>
        GenerateRawFunctionCallResult(functionName, functionParams, result is null ? "void" : PythonStyleJson.Serialize(result));

    /// <summary>
    /// Wraps an already formatted result in the result prefix and suffix, replacing <c>{{functionName}}</c> and
    /// <c>{{functionParams}}</c> in their plain-text parts.
    /// </summary>
    protected LlamaText GenerateRawFunctionCallResult(string functionName, JsonNode? functionParams, string rawResult)
    {
        var paramsText = functionParams is null ? "" : PythonStyleJson.Serialize(functionParams);
        LlamaText Resolve(LlamaText text) => text.MapValues(value => value.IsText
            ? value.Text.Replace("{{functionName}}", functionName).Replace("{{functionParams}}", paramsText)
            : value);

        var result = Settings.Functions.Result;
        return new LlamaText(Resolve(result.Prefix), rawResult, Resolve(result.Suffix));
    }

    /// <summary>
    /// Renders a model turn's content: text as is, segments with their prefix and (when ended) suffix, and function
    /// calls in batches (a call with <see cref="ChatModelFunctionCall.StartsNewChunk"/> starts a new batch) with their results.
    /// After function results, open segments are announced again when the format asks for it.
    /// </summary>
    /// <param name="modelResponse">The turn's items.</param>
    /// <param name="useRawValues">Whether recorded raw texts of segments and calls are used.</param>
    public virtual LlamaText GenerateModelResponseText(IReadOnlyList<ChatModelResponseItem> modelResponse, bool useRawValues = true) =>
        new ModelResponseRenderer(this, useRawValues).Render(modelResponse);

    /// <summary>
    /// The system text that documents <paramref name="availableFunctions"/> and tells the model how to call them;
    /// empty when there are none.
    /// </summary>
    public virtual LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return LlamaText.Empty;

        return LlamaText.Join("\n",
            "You can call the functions listed below to get information you do not have. When a function can help, " +
            "call it before answering instead of guessing, and do not announce the call to the user.",
            "Available functions:",
            "```typescript",
            ChatFunctionsDocumentation.TypeScriptFunctionSignatures(availableFunctions, documentParams),
            "```",
            "",
            "A function is called like this:",
            GenerateFunctionCall("getSomeInfo", new JsonObject { ["someKey"] = "someValue" }),
            "",
            "The || prefix is required.",
            "The raw result of a call appears right after it and is not shown to the user; " +
            "repeat in your own words whatever the user should know from it.");
    }

    /// <summary>
    /// Inserts a system message documenting <paramref name="availableFunctions"/> after the leading system messages;
    /// returns the history unchanged when there are no functions.
    /// </summary>
    public virtual IReadOnlyList<ChatHistoryItem> AddAvailableFunctionsSystemMessageToHistory(IReadOnlyList<ChatHistoryItem> history,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return history;

        var result = history.ToList();
        var firstNonSystem = result.FindIndex(item => item is not ChatSystemMessage);
        result.Insert(firstNonSystem < 0 ? result.Count : firstNonSystem,
            new ChatSystemMessage(GenerateAvailableFunctionsSystemText(availableFunctions, documentParams)));
        return result;
    }

    /// <summary>The history a new chat starts with: the system prompt (or <see cref="DefaultSystemPrompt"/>).</summary>
    public virtual IReadOnlyList<ChatHistoryItem> GenerateInitialChatHistory(string? systemPrompt = null) =>
        [new ChatSystemMessage(systemPrompt ?? DefaultSystemPrompt)];

    /// <inheritdoc/>
    public override string ToString() => WrapperName;

    /// <summary>Formats call params the way <see cref="GenerateFunctionCall"/> does.</summary>
    protected static string FormatCallParams(JsonNode? parameters, JsonNode? emptyPlaceholder) =>
        parameters is not null ? PythonStyleJson.Serialize(parameters)
        : emptyPlaceholder is not null ? PythonStyleJson.Serialize(emptyPlaceholder)
        : "";
}
