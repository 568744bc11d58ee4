using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// How a function result looks: <see cref="Prefix"/> + result JSON + <see cref="Suffix"/>. Plain-text parts of both may
/// contain <c>{{functionName}}</c> and <c>{{functionParams}}</c>, which are replaced by the call's name and params JSON
/// (special-token text is left alone).
/// </summary>
public sealed record FunctionResultSyntax
{
    /// <summary>The text before the result.</summary>
    public required LlamaText Prefix { get; init; }

    /// <summary>The text after the result.</summary>
    public required LlamaText Suffix { get; init; }
}
