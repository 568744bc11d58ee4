namespace LlamaChat.ChatWrappers;

/// <summary>How <see cref="TemplateChatWrapper"/> writes thought segments.</summary>
public sealed record TemplateSegmentOptions
{
    /// <summary>A thought around <c>{{content}}</c>, for example <c>"&lt;think&gt;{{content}}&lt;/think&gt;"</c>.</summary>
    public string? ThoughtTemplate { get; init; }

    /// <summary>Whether a thought open during function calls is opened again after their results.</summary>
    public bool ReopenThoughtAfterFunctionCalls { get; init; }

    /// <summary>Text that closes all open segments; null for none.</summary>
    public string? CloseAllSegmentsTemplate { get; init; }

    /// <summary>Whether open segments are announced again after function results.</summary>
    public bool ReiterateStackAfterFunctionCalls { get; init; }
}
