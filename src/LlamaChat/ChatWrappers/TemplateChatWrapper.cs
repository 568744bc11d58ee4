using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// A chat format described by simple text templates (see <see cref="TemplateChatWrapperOptions"/>). Template text
/// becomes special-token text, so tokens such as <c>&lt;|im_start|&gt;</c> in a template work; messages stay plain text.
/// </summary>
public class TemplateChatWrapper : ChatWrapper
{
    private const string SystemPromptPlaceholder = "{{systemPrompt}}";
    private readonly string _beforeSystemPrompt;
    private readonly string? _afterSystemPrompt;
    private readonly string _completionPrefix;
    private readonly string _completionSuffix;
    private readonly (string Prefix, string Suffix) _system, _user, _model;

    /// <summary>Creates the wrapper.</summary>
    /// <exception cref="ChatWrapperTemplateException">A template lacks a required placeholder or text.</exception>
    public TemplateChatWrapper(TemplateChatWrapperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;

        var template = options.Template ?? throw new ChatWrapperTemplateException("The chat template is missing; set Template.");
        var parts = TextTemplateParser.Split(template, "chat template", "{{history}}", "{{completion}}");
        if (parts[2].Length == 0)
            throw new ChatWrapperTemplateException(
                $"The chat template \"{template}\" needs text after {{{{completion}}}}: that text marks the end of the model's turn.");

        var head = parts[0];
        var systemIndex = head.IndexOf(SystemPromptPlaceholder, StringComparison.Ordinal);
        _beforeSystemPrompt = systemIndex < 0 ? head : head[..systemIndex];
        _afterSystemPrompt = systemIndex < 0 ? null : head[(systemIndex + SystemPromptPlaceholder.Length)..];
        _completionPrefix = parts[1];
        _completionSuffix = parts[2];

        var history = options.HistoryTemplate ?? throw new ChatWrapperTemplateException("The history template is missing; set HistoryTemplate.");
        _system = SplitMessage(history.System, "system history template");
        _user = SplitMessage(history.User, "user history template");
        _model = SplitMessage(history.Model, "model history template");

        Settings = new ChatWrapperSettings
        {
            Functions = options.FunctionCallMessageTemplate is { } functions ? ParseFunctions(functions) : DefaultSettings.Functions,
            Segments = ParseSegments(options.Segments),
        };
    }

    /// <inheritdoc/>
    public override string WrapperName => "Template";

    /// <summary>The options the wrapper was created with.</summary>
    public TemplateChatWrapperOptions Options { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings { get; }

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams).ToList();
        var parts = new List<LlamaText> { new SpecialTokensText(_beforeSystemPrompt) };
        if (_afterSystemPrompt is not null)
        {
            var leading = LeadingSystemMessages.Texts(history);
            parts.Add(LlamaText.Join("\n\n", leading));
            parts.Add(new SpecialTokensText(_afterSystemPrompt));
            history.RemoveRange(0, leading.Count);
        }

        var openModel = LlamaText.Empty;
        if (history.Count > 0 && history[^1] is ChatModelResponse last)
        {
            openModel = GenerateModelResponseText(last.Response);
            history.RemoveAt(history.Count - 1);
        }

        var grouping = Options.JoinAdjacentMessagesOfTheSameType ? ChatTurnGrouping.SameKindMerged : ChatTurnGrouping.SystemsMerged;
        var turns = Options.JoinAdjacentMessagesOfTheSameType
            ? ChatTurnGrouper.Group(history, grouping, (model, _) => GenerateModelResponseText(model.Response))
            : history.Select(item => item switch
            {
                ChatSystemMessage system => new ChatTurn(system.Text, null, null),
                ChatUserMessage user => new ChatTurn(null, user.Text, null),
                ChatModelResponse model => new ChatTurn(null, null, GenerateModelResponseText(model.Response)),
                _ => new ChatTurn(null, null, null),
            }).ToList();

        foreach (var (system, user, model) in turns)
        {
            if (system is not null)
                parts.Add(Wrap(_system, system));
            if (user is not null)
                parts.Add(Wrap(_user, user));
            if (model is not null)
                parts.Add(Wrap(_model, model));
        }

        parts.Add(new SpecialTokensText(_completionPrefix));
        parts.Add(openModel);

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = [SpecialToken.Eos, _completionSuffix, new SpecialTokensText(_completionSuffix)],
        };
    }

    private static LlamaText Wrap((string Prefix, string Suffix) template, LlamaText message) =>
        new(new SpecialTokensText(template.Prefix), message, new SpecialTokensText(template.Suffix));

    private static (string, string) SplitMessage(string? template, string name)
    {
        if (template is null)
            throw new ChatWrapperTemplateException($"The {name} is missing; set it to a text containing {{{{message}}}}.");

        var parts = TextTemplateParser.Split(template, name, "{{message}}");
        return (parts[0], parts[1]);
    }

    private static ChatWrapperFunctionSettings ParseFunctions(TemplateFunctionCallMessageTemplate template)
    {
        var call = TextTemplateParser.Split(template.Call, "function call template", "{{functionName}}", "{{functionParams}}");
        if (call[0].Length == 0)
            throw new ChatWrapperTemplateException(
                $"The function call template \"{template.Call}\" needs text before {{{{functionName}}}} so calls can be detected.");
        if (call[2].Length == 0)
            throw new ChatWrapperTemplateException(
                $"The function call template \"{template.Call}\" needs text after {{{{functionParams}}}} so the end of a call can be detected.");

        var result = TextTemplateParser.Split(template.Result, "function result template", "{{functionCallResult}}");
        return new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = new SpecialTokensText(call[0]),
                ParamsPrefix = new SpecialTokensText(call[1]),
                Suffix = new SpecialTokensText(call[2]),
            },
            Result = new FunctionResultSyntax { Prefix = new SpecialTokensText(result[0]), Suffix = new SpecialTokensText(result[1]) },
        };
    }

    private static ChatWrapperSegmentSettings ParseSegments(TemplateSegmentOptions? options)
    {
        if (options is null)
            return new ChatWrapperSegmentSettings();

        SegmentSyntax? thought = null;
        if (options.ThoughtTemplate is { } thoughtTemplate)
        {
            var parts = TextTemplateParser.Split(thoughtTemplate, "thought template", "{{content}}");
            if (parts[0].Length == 0)
                throw new ChatWrapperTemplateException($"The thought template \"{thoughtTemplate}\" needs text before {{{{content}}}} to mark where a thought starts.");

            thought = new SegmentSyntax
            {
                Prefix = new SpecialTokensText(parts[0]),
                Suffix = parts[1].Length == 0 ? null : new SpecialTokensText(parts[1]),
                ReopenAfterFunctionCalls = options.ReopenThoughtAfterFunctionCalls,
            };
        }

        return new ChatWrapperSegmentSettings
        {
            Thought = thought,
            CloseAllSegments = string.IsNullOrEmpty(options.CloseAllSegmentsTemplate) ? null : new SpecialTokensText(options.CloseAllSegmentsTemplate),
            ReiterateStackAfterFunctionCalls = options.ReiterateStackAfterFunctionCalls,
        };
    }
}
