namespace LlamaChat.ChatWrappers;

/// <summary>
/// A simple chat format described by text templates, for <see cref="TemplateChatWrapper"/>.
/// </summary>
/// <example>
/// <code>
/// new TemplateChatWrapperOptions
/// {
///     Template = "{{systemPrompt}}\n{{history}}model: {{completion}}\nuser: ",
///     HistoryTemplate = new() { System = "system: {{message}}\n", User = "user: {{message}}\n", Model = "model: {{message}}\n" },
/// }
/// </code>
/// </example>
public sealed record TemplateChatWrapperOptions
{
    /// <summary>
    /// The whole context: optional <c>{{systemPrompt}}</c> (replaced by the leading system messages), then <c>{{history}}</c>
    /// and <c>{{completion}}</c> (where the model writes). Text after <c>{{completion}}</c> is required: it ends the model's turn.
    /// </summary>
    public required string Template { get; init; }

    /// <summary>How each message is written; each template contains <c>{{message}}</c>.</summary>
    public required TemplateChatWrapperHistoryTemplate HistoryTemplate { get; init; }

    /// <summary>How function calls and results are written; null uses the generic <c>||call:</c> syntax.</summary>
    public TemplateFunctionCallMessageTemplate? FunctionCallMessageTemplate { get; init; }

    /// <summary>Whether consecutive messages of the same kind are joined into one (default true).</summary>
    public bool JoinAdjacentMessagesOfTheSameType { get; init; } = true;

    /// <summary>How thought segments are written; null for none.</summary>
    public TemplateSegmentOptions? Segments { get; init; }
}
