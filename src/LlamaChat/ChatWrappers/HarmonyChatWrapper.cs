using System.Globalization;
using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// OpenAI's Harmony format (gpt-oss): <c>&lt;|start|&gt;role&lt;|message|&gt;…&lt;|end|&gt;</c> with a system preamble
/// (identity, dates, reasoning effort, valid channels), the system prompt and tools in a developer message, and the
/// model's turn split into channels: <c>analysis</c> (thoughts), <c>commentary</c> (comments and function calls) and
/// <c>final</c> (the answer). The model names the channel first, so the context state uses prefix triggers.
/// </summary>
public class HarmonyChatWrapper : ChatWrapper
{
    private static SpecialTokensText S(string text) => new(text);

    private static readonly ChatWrapperSettings HarmonySettings = new()
    {
        Functions = new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = new LlamaText(S(" to="), "functions."),
                ParamsPrefix = S("<|constrain|>json<|message|>"),
                Suffix = S("<|call|>"),
                EmptyCallParamsPlaceholder = new JsonObject(),
            },
            Result = new FunctionResultSyntax
            {
                Prefix = new LlamaText(S("<|start|>"), "functions.{{functionName}}", S(" to=assistant<|channel|>commentary<|message|>")),
                Suffix = S("<|end|>"),
            },
        },
        Segments = new ChatWrapperSegmentSettings
        {
            Thought = new SegmentSyntax { Prefix = S("<|channel|>analysis<|message|>"), Suffix = S("<|end|>") },
            Comment = new SegmentSyntax { Prefix = S("<|channel|>commentary<|message|>"), Suffix = S("<|end|>") },
        },
    };

    /// <summary>Creates the wrapper.</summary>
    public HarmonyChatWrapper(HarmonyChatWrapperOptions? options = null) => Options = options ?? new HarmonyChatWrapperOptions();

    /// <inheritdoc/>
    public override string WrapperName => "Harmony";

    /// <summary>The options.</summary>
    public HarmonyChatWrapperOptions Options { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings => HarmonySettings;

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var hasFunctions = availableFunctions.Count > 0;
        var (systemText, history) = LeadingSystemMessages.SplitFirst(chatHistory);

        var parts = new List<LlamaText> { Preamble(hasFunctions) };
        if (!systemText.IsEmpty || hasFunctions)
            parts.Add(new LlamaText(S("<|start|>developer<|message|>"), "# Instructions\n\n", systemText, "\n\n",
                GenerateAvailableFunctionsSystemText(availableFunctions, documentFunctionParams), S("<|end|>")));

        var needsTriggers = true;
        for (var i = 0; i < history.Count; i++)
        {
            var isLast = i == history.Count - 1;
            var end = isLast ? LlamaText.Empty : S("<|end|>");
            switch (history[i])
            {
                case ChatSystemMessage system:
                    parts.Add(new LlamaText(S("<|start|>developer<|message|>"), system.Text, end));
                    needsTriggers &= !isLast;
                    break;
                case ChatUserMessage user:
                    parts.Add(new LlamaText(S("<|start|>user<|message|>"), user.Text, end));
                    needsTriggers &= !isLast;
                    break;
                case ChatModelResponse model:
                    var (text, modelNeedsTriggers) = RenderModel(model.Response, true, isLast, Options.KeepOnlyLastThought);
                    parts.Add(text);
                    if (isLast)
                        needsTriggers = modelNeedsTriggers;
                    break;
            }
        }

        var stops = new LlamaText[] { SpecialToken.Eos, S("<|return|>"), "<|return|>" };
        var rerender = new ChatWrapperRerender { Triggers = [S("<|end|>")], CloseResponseItem = true };
        if (!needsTriggers)
            return new ChatWrapperContextState { ContextText = new LlamaText(parts), StopGenerationTriggers = stops, DetectFunctionCalls = false, Rerender = rerender };

        var triggers = new List<ChatWrapperPrefixTrigger>
        {
            new() { Kind = PrefixTriggerKind.Segment, SegmentType = ChatModelSegmentType.Thought, Triggers = [S("<|channel|>analysis<|message|>")] },
            // The comment trigger includes <|message|> so it does not swallow "<|channel|>commentary to=", which starts a call.
            new() { Kind = PrefixTriggerKind.Segment, SegmentType = ChatModelSegmentType.Comment, Triggers = [S("<|channel|>commentary<|message|>")] },
            new() { Kind = PrefixTriggerKind.Response, Triggers = [S("<|channel|>final")], Inject = S("<|message|>") },
        };
        if (hasFunctions)
        {
            triggers.Add(new() { Kind = PrefixTriggerKind.FunctionCall, Triggers = [S("<|channel|>commentary to=")], ReplaceTrigger = true, Inject = S("<|channel|>commentary") });
            triggers.Add(new() { Kind = PrefixTriggerKind.FunctionCall, Triggers = [S("<|channel|>analysis to=")], ReplaceTrigger = true, Inject = S("<|channel|>analysis") });
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = stops,
            PrefixTriggers = triggers,
            NoPrefixTrigger = new ChatWrapperNoPrefixTrigger { Kind = PrefixTriggerKind.Response, Inject = S("<|channel|>final<|message|>") },
            DetectFunctionCalls = false,
            Rerender = rerender,
        };
    }

    /// <inheritdoc/>
    public override LlamaText GenerateFunctionCall(string name, JsonNode? parameters) =>
        new(S("<|start|>assistant<|channel|>commentary to="), "functions." + name, Settings.Functions.Call.ParamsPrefix,
            FormatCallParams(parameters, Settings.Functions.Call.EmptyCallParamsPlaceholder), Settings.Functions.Call.Suffix);

    /// <inheritdoc/>
    public override LlamaText GenerateFunctionCallResult(string functionName, JsonNode? functionParams, JsonNode? result) =>
        new(S("<|start|>"), "functions." + functionName, S(" to=assistant<|channel|>commentary<|message|>"),
            result is null ? "" : PythonStyleJson.Serialize(result), S("<|end|>"));

    /// <inheritdoc/>
    public override LlamaText GenerateModelResponseText(IReadOnlyList<ChatModelResponseItem> modelResponse, bool useRawValues = true)
    {
        // Strip the turn's own start and end so the text can be placed inside a turn the caller opened.
        var values = RenderModel(modelResponse, useRawValues, isLast: false, keepOnlyLastThought: false).Text.Values.ToList();
        if (values.Count > 0 && values[0].IsSpecialTokensText && values[0].Text.StartsWith("<|start|>assistant", StringComparison.Ordinal))
            values[0] = LlamaTextValue.FromSpecialTokensText(values[0].Text["<|start|>assistant".Length..]);
        if (values.Count > 0 && values[^1].IsSpecialTokensText)
            foreach (var end in new[] { "<|end|>", "<|return|>" })
                if (values[^1].Text.EndsWith(end, StringComparison.Ordinal))
                {
                    values[^1] = LlamaTextValue.FromSpecialTokensText(values[^1].Text[..^end.Length]);
                    break;
                }

        return LlamaText.FromValues(values);
    }

    /// <inheritdoc/>
    public override LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return LlamaText.Empty;

        var types = string.Join("\n", ChatFunctionsDocumentation.TypeScriptFunctionTypes(availableFunctions, documentParams)
            .Split('\n').Select(line => line.Trim()));
        return LlamaText.Join("\n", "# Tools", "", "## functions", "", "namespace functions {", "", types, "", "} // namespace functions");
    }

    private (LlamaText Text, bool NeedsTriggers) RenderModel(IReadOnlyList<ChatModelResponseItem> response, bool useRawValues, bool isLast,
        bool keepOnlyLastThought)
    {
        var parts = new List<LlamaText>();
        var canEnableTriggers = true;
        for (var i = 0; i < response.Count; i++)
        {
            var isLastItem = i == response.Count - 1;
            switch (response[i])
            {
                case ChatModelText { Text: "" } when !isLastItem || !isLast:
                    break;
                case ChatModelText text when isLast && isLastItem:
                    if (text.Text.Length > 0)
                    {
                        parts.Add(new LlamaText(S("<|start|>assistant<|channel|>final<|message|>"), text.Text));
                        canEnableTriggers = false;
                    }
                    break;
                case ChatModelText text:
                    parts.Add(new LlamaText(S("<|start|>assistant<|channel|>final<|message|>"), text.Text, S("<|end|>")));
                    break;
                case ChatModelSegment segment when segment.Ended && segment.Raw is not null && useRawValues:
                    parts.Add(new LlamaText(S("<|start|>assistant"), segment.Raw));
                    break;
                case ChatModelSegment segment:
                    if (segment.SegmentType == ChatModelSegmentType.Thought && keepOnlyLastThought && !isLast)
                        break;

                    var channel = segment.SegmentType == ChatModelSegmentType.Thought ? "analysis" : "commentary";
                    var open = isLast && !segment.Ended;
                    parts.Add(new LlamaText(S($"<|start|>assistant<|channel|>{channel}<|message|>"), segment.Text, open ? LlamaText.Empty : S("<|end|>")));
                    if (open && isLastItem)
                        canEnableTriggers = false;
                    break;
                case ChatModelFunctionCall call:
                    parts.Add(new LlamaText(
                        call.RawCall is not null && useRawValues ? call.RawCall : GenerateFunctionCall(call.Name, call.Params),
                        GenerateFunctionCallResult(call.Name, call.Params, call.Result)));
                    break;
            }
        }

        var needsTriggers = canEnableTriggers && isLast;
        if (needsTriggers)
            parts.Add(S("<|start|>assistant"));

        return (new LlamaText(parts), needsTriggers);
    }

    private LlamaText Preamble(bool hasFunctions)
    {
        var lines = new List<string>();
        if (!string.IsNullOrEmpty(Options.ModelIdentity))
            lines.Add(Options.ModelIdentity);
        if (Options.CuttingKnowledgeDate is { } cutoff)
            lines.Add("Knowledge cutoff: " + cutoff.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        if (Options.TodayDate?.Invoke() is { } today)
            lines.Add("Current date: " + today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Options.ReasoningEffort is { } effort)
        {
            if (lines.Count > 0)
                lines.Add("");
            lines.Add("Reasoning: " + effort.ToString().ToLowerInvariant());
        }

        var channels = new List<string>();
        if (Options.RequireAnalysisChannel) channels.Add("analysis");
        if (Options.RequireCommentaryChannel) channels.Add("commentary");
        if (Options.RequireFinalChannel) channels.Add("final");
        if (channels.Count > 0)
        {
            if (lines.Count > 0)
                lines.Add("");
            lines.Add($"# Valid channels: {string.Join(", ", channels)}. Channel must be included for every message.");
            if (Options.RequireCommentaryChannel && hasFunctions)
                lines.Add("Calls to these tools must go to the commentary channel: 'functions'.");
        }

        return new LlamaText(S("<|start|>system<|message|>"), string.Join("\n", lines), S("<|end|>"));
    }
}
