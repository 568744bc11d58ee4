using System.Text.Json.Nodes;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// How a function call looks in a chat format: <see cref="Prefix"/> + name + <see cref="ParamsPrefix"/> +
/// params JSON + <see cref="Suffix"/>.
/// </summary>
public sealed record FunctionCallSyntax
{
    /// <summary>Whether the model may write a space before the prefix (the name grammar then allows one).</summary>
    public bool OptionalPrefixSpace { get; init; } = true;

    /// <summary>The text before the function name; it is also what starts function-call detection.</summary>
    public required LlamaText Prefix { get; init; }

    /// <summary>The text between the name and the params.</summary>
    public required LlamaText ParamsPrefix { get; init; }

    /// <summary>The text after the params.</summary>
    public required LlamaText Suffix { get; init; }

    /// <summary>
    /// What to write as params for a function that takes none (for example <c>{}</c>); null writes nothing.
    /// </summary>
    public JsonNode? EmptyCallParamsPlaceholder { get; init; }
}
