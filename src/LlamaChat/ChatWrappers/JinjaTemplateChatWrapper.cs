using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Jinja;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Renders a chat with the model's own Jinja chat template. Message contents are passed to the template as
/// placeholders and put back afterwards, so they stay plain text while everything the template writes becomes
/// special-token text. The function-call syntax is extracted from the template when it supports tools, thought tags
/// are detected from its text, and what the template writes after a model message becomes a stop trigger.
/// </summary>
public class JinjaTemplateChatWrapper : ChatWrapper
{
    private readonly JinjaTemplate _template;
    private readonly JinjaToolSyntax? _toolSyntax;
    private readonly bool _systemAsUser;
    private readonly LlamaText _endOfTurn;

    /// <summary>Creates the wrapper and checks the template on small test conversations.</summary>
    /// <exception cref="ChatWrapperTemplateException">The template does not compile or cannot render a simple conversation.</exception>
    public JinjaTemplateChatWrapper(JinjaTemplateChatWrapperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Template))
            throw new ChatWrapperTemplateException("The Jinja chat template is empty; pass the model's tokenizer.chat_template.");
        if (!options.SystemMessageAsUserFormat.Contains("{{message}}", StringComparison.Ordinal))
            throw new ChatWrapperTemplateException("SystemMessageAsUserFormat must contain {{message}}.");

        Options = options;
        try
        {
            _template = JinjaTemplate.Compile(options.Template, JinjaOptions.Default with { Clock = options.Clock });
        }
        catch (TemplateException e)
        {
            throw new ChatWrapperTemplateException($"The Jinja chat template does not compile: {e.Message}", e);
        }

        var probe = new JinjaTemplateProbe(this);
        probe.RequireSimpleConversation();
        _systemAsUser = options.ConvertSystemMessagesToUserMessages switch
        {
            SystemMessageConversion.Always => true,
            SystemMessageConversion.Never => false,
            _ => !probe.SupportsSystemMessages(),
        };
        _endOfTurn = probe.EndOfModelTurn();
        _toolSyntax = options.FunctionCallMode == JinjaFunctionCallMode.Auto ? probe.ExtractToolSyntax() : null;

        Settings = new ChatWrapperSettings
        {
            SupportsSystemMessages = !_systemAsUser,
            Functions = _toolSyntax?.Settings ?? DefaultSettings.Functions,
            Segments = JinjaThoughtTags.Detect(options),
        };
    }

    /// <inheritdoc/>
    public override string WrapperName => "JinjaTemplate";

    /// <summary>
    /// Templates that end the generation prompt with an opening thought tag (Qwen 3.5, DeepSeek R1 distills) have
    /// written the tag already: the answer being continued goes on after it instead of opening its thought again.
    /// </summary>
    private LlamaText WithoutPrefilledThoughtPrefix(LlamaText rendered, LlamaText openModelText)
    {
        if (Settings.Segments.Thought is not { } thought || openModelText.IsEmpty) return openModelText;
        var tag = thought.Prefix.ToString().TrimEnd();
        if (tag.Length == 0 || !rendered.ToString().TrimEnd().EndsWith(tag, StringComparison.Ordinal)) return openModelText;
        return openModelText.TryGetRestAfter(thought.Prefix, out var rest) ? rest : openModelText;
    }

    /// <summary>The options the wrapper was created with.</summary>
    public JinjaTemplateChatWrapperOptions Options { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings { get; }

    /// <summary>Whether function calls are rendered through the template's own tool support.</summary>
    public bool UsesTemplateFunctionCalling => _toolSyntax is not null;

    /// <summary>Whether system messages are turned into user messages because the template cannot take them.</summary>
    public bool ConvertsSystemMessages => _systemAsUser;

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = _toolSyntax is null
            ? AddAvailableFunctionsSystemMessageToHistory(chatHistory, availableFunctions, documentFunctionParams)
            : chatHistory;
        var conversation = new JinjaConversation(this, Options.Template);
        conversation.AddHistory(history, useTemplateTools: _toolSyntax is not null);

        var tools = _toolSyntax is not null && availableFunctions.Count > 0 ? ToolsJson(availableFunctions, documentFunctionParams) : null;
        var output = RenderTemplate(conversation.Messages, addGenerationPrompt: true, tools, conversation.Placeholders);
        var found = new HashSet<string>();
        var rendered = JinjaRenderedText.Split(output, conversation.Placeholders, conversation.PlainStrings, found);

        var missing = conversation.ContentPlaceholders.Where(id => !found.Contains(id)).ToList();
        if (missing.Count > 0)
            throw new ChatWrapperTemplateException(
                $"Some input messages are not present in the text the chat template rendered ({missing.Count} of {conversation.ContentPlaceholders.Count} " +
                "messages are missing), so the template cannot be used as is. Use a specialized chat wrapper instead.");

        var stops = new List<LlamaText> { SpecialToken.Eos };
        if (!_endOfTurn.IsEmpty)
        {
            stops.Add(_endOfTurn);
            var trimmed = _endOfTurn.TrimEnd();
            if (!trimmed.IsEmpty && trimmed != _endOfTurn)
                stops.Add(trimmed);

            stops.Add(trimmed.ToString());
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(rendered, WithoutPrefilledThoughtPrefix(rendered, conversation.OpenModelText)),
            StopGenerationTriggers = stops,
            IgnoreStartText = Options.TrimLeadingWhitespaceInResponses ? [" ", "  ", "   ", "    ", "\t", "\t\t", "\n"] : [],
        };
    }

    /// <summary>Renders the template with the given messages; placeholders stand for BOS and EOS.</summary>
    internal string RenderTemplate(JsonArray messages, bool addGenerationPrompt, JsonArray? tools, Dictionary<string, LlamaText> placeholders)
    {
        var bos = placeholders.FirstOrDefault(pair => pair.Value == new LlamaText(SpecialToken.Bos)).Key;
        var eos = placeholders.FirstOrDefault(pair => pair.Value == new LlamaText(SpecialToken.Eos)).Key;
        var variables = new JsonObject
        {
            ["messages"] = messages.DeepClone(),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["bos_token"] = bos ?? "",
            ["eos_token"] = eos ?? "",
        };
        if (tools is not null)
            variables["tools"] = tools.DeepClone();
        if (Options.AdditionalRenderParameters is { } extra)
            foreach (var (key, value) in extra)
                variables[key] = value?.DeepClone();

        return _template.Render(variables);
    }

    /// <summary>Turns a system message into the user message text used when the template cannot take system messages.</summary>
    internal LlamaText SystemAsUserText(LlamaText system)
    {
        var parts = Options.SystemMessageAsUserFormat.Split("{{message}}");
        return new LlamaText(parts[0], system, string.Join("{{message}}", parts.Skip(1)));
    }

    internal bool SystemMessagesAsUser => _systemAsUser;

    internal static JsonArray ToolsJson(IReadOnlyList<ChatFunctionDefinition> functions, bool documentParams)
    {
        var tools = new JsonArray();
        foreach (var function in functions)
        {
            var tool = ChatFunctionsDocumentation.OpenAiTool(function, documentParams);
            // Templates always get a parameters schema: an empty object one where the parameters are not documented.
            tool["function"]!["parameters"] ??= new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
            tools.Add(tool);
        }

        return tools;
    }
}
