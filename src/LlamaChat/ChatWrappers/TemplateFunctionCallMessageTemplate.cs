namespace LlamaChat.ChatWrappers;

/// <summary>How <see cref="TemplateChatWrapper"/> writes function calls and results.</summary>
public sealed record TemplateFunctionCallMessageTemplate
{
    /// <summary>
    /// A call, with text before <c>{{functionName}}</c>, between it and <c>{{functionParams}}</c>, and after the params,
    /// for example <c>"[[call: {{functionName}}({{functionParams}})]]"</c>.
    /// </summary>
    public required string Call { get; init; }

    /// <summary>A result around <c>{{functionCallResult}}</c>, for example <c>" [[result: {{functionCallResult}}]]"</c>.</summary>
    public required string Result { get; init; }
}
