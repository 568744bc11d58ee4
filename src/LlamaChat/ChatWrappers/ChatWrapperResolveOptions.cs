namespace LlamaChat.ChatWrappers;

/// <summary>Options of <see cref="ChatWrapperResolver.Resolve"/>.</summary>
public sealed record ChatWrapperResolveOptions
{
    /// <summary>
    /// A wrapper type name to use instead of detecting one (see <see cref="ChatWrapperResolver.TypeNames"/>); null or
    /// <c>auto</c> detects. <c>template</c> needs <see cref="TemplateOptions"/>.
    /// </summary>
    public string? Type { get; init; }

    /// <summary>Options for the <c>template</c> type.</summary>
    public TemplateChatWrapperOptions? TemplateOptions { get; init; }

    /// <summary>The template for the <c>jinjaTemplate</c> type (by default the model's own).</summary>
    public string? JinjaTemplate { get; init; }

    /// <summary>Never use the model's Jinja template directly; fall back to a specialized wrapper or the general one.</summary>
    public bool NoJinja { get; init; }
}
