namespace LlamaChat.ChatWrappers;

/// <summary>How each kind of message is written by <see cref="TemplateChatWrapper"/>; each template contains <c>{{message}}</c>.</summary>
public sealed record TemplateChatWrapperHistoryTemplate
{
    /// <summary>A system message, for example <c>"system: {{message}}\n"</c>.</summary>
    public required string System { get; init; }

    /// <summary>A user message, for example <c>"user: {{message}}\n"</c>.</summary>
    public required string User { get; init; }

    /// <summary>A model message, for example <c>"model: {{message}}\n"</c>.</summary>
    public required string Model { get; init; }
}
