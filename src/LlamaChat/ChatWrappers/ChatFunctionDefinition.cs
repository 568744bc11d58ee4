using System.Text.Json.Nodes;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// A function the model may call, as chat wrappers see it: name, description and a JSON Schema for the params.
/// </summary>
/// <param name="Name">The name the model calls it by.</param>
/// <param name="Description">What it does, shown to the model; null for none.</param>
/// <param name="Params">The JSON Schema of its parameters (an object schema); null when it takes none.</param>
public sealed record ChatFunctionDefinition(string Name, string? Description = null, JsonNode? Params = null)
{
    /// <summary>The name the model calls it by.</summary>
    public string Name { get; init; } = !string.IsNullOrEmpty(Name)
        ? Name
        : throw new ArgumentException("A function needs a non-empty name.", nameof(Name));

    /// <inheritdoc/>
    public bool Equals(ChatFunctionDefinition? other) =>
        other is not null && Name == other.Name && Description == other.Description && JsonNode.DeepEquals(Params, other.Params);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Description);
}
