using System.Text.Json.Nodes;
using LlamaChat.Text;

namespace LlamaChat.History;

/// <summary>A function call the model made, with the result the function returned.</summary>
/// <param name="Name">The function's name.</param>
/// <param name="Params">The parameters the model passed, or null when the function takes none.</param>
/// <param name="Result">What the function returned, or null when it returned nothing (rendered as <c>void</c>).</param>
public sealed record ChatModelFunctionCall(string Name, JsonNode? Params, JsonNode? Result) : ChatModelResponseItem
{
    /// <summary>The function's name.</summary>
    public string Name { get; init; } = Name ?? throw new ArgumentNullException(nameof(Name));

    /// <summary>The function's description, if recorded.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The exact call text that was in the context (prefix, name, params, suffix), so the call renders again
    /// without re-tokenization drift. Null when unknown.
    /// </summary>
    public LlamaText? RawCall { get; init; }

    /// <summary>
    /// Whether this call starts a new batch of parallel calls (only matters for formats with parallel calls).
    /// </summary>
    public bool StartsNewChunk { get; init; }

    /// <inheritdoc/>
    public bool Equals(ChatModelFunctionCall? other) =>
        other is not null &&
        Name == other.Name &&
        Description == other.Description &&
        JsonNode.DeepEquals(Params, other.Params) &&
        JsonNode.DeepEquals(Result, other.Result) &&
        Equals(RawCall, other.RawCall) &&
        StartsNewChunk == other.StartsNewChunk;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Description, RawCall, StartsNewChunk);
}
