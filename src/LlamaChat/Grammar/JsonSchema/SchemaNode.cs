using System.Text.Json.Nodes;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// One schema after normalization: references resolved (shared nodes make recursion a cycle), <c>allOf</c>
/// merged, <c>const</c>/<c>enum</c> filtered by their sibling keywords, sibling keywords of a union pushed
/// into its branches, and the types implied by keywords made explicit. Both the grammar writer and the
/// validator work from it, so they agree on what the schema means.
/// </summary>
internal sealed class SchemaNode
{
    public SchemaNode(string path) => Path = path;

    /// <summary>The schema location, a JSON pointer fragment such as <c>#/properties/a</c>.</summary>
    public string Path { get; }

    /// <summary>The allowed types (ignored when <see cref="Enum"/> or <see cref="Union"/> is set).</summary>
    public JsonTypes Types { get; set; } = JsonTypes.All;

    /// <summary>The allowed values, when the schema has <c>const</c> or <c>enum</c>.</summary>
    public List<JsonNode?>? Enum { get; set; }

    /// <summary>The branches of <c>oneOf</c>/<c>anyOf</c> (each already combined with the sibling keywords).</summary>
    public List<SchemaNode>? Union { get; set; }

    /// <summary>Whether <see cref="Union"/> came from <c>oneOf</c> (exactly one branch must match).</summary>
    public bool UnionIsOneOf { get; set; }

    public int MinLength { get; set; }

    public int? MaxLength { get; set; }

    public string? Pattern { get; set; }

    public string? Format { get; set; }

    public decimal? Minimum { get; set; }

    public decimal? Maximum { get; set; }

    public bool ExclusiveMinimum { get; set; }

    public bool ExclusiveMaximum { get; set; }

    public List<SchemaNode> PrefixItems { get; } = new();

    /// <summary>The schema of items after <see cref="PrefixItems"/>; <c>null</c> with <see cref="ItemsForbidden"/> false means any JSON.</summary>
    public SchemaNode? Items { get; set; }

    /// <summary>No items are allowed after <see cref="PrefixItems"/>.</summary>
    public bool ItemsForbidden { get; set; }

    public int MinItems { get; set; }

    public int? MaxItems { get; set; }

    public List<SchemaProperty> Properties { get; } = new();

    public AdditionalPropertiesMode Additional { get; set; } = AdditionalPropertiesMode.None;

    public SchemaNode? AdditionalSchema { get; set; }

    public int MinProperties { get; set; }

    public int? MaxProperties { get; set; }

    /// <summary>Whether the schema accepts any JSON value at all.</summary>
    public bool IsAny => Enum is null && Union is null && Types == JsonTypes.All && MinLength == 0 && MaxLength is null
        && Pattern is null && Format is null && Minimum is null && Maximum is null && PrefixItems.Count == 0 && Items is null
        && !ItemsForbidden && MinItems == 0 && MaxItems is null && Properties.Count == 0 && Additional == AdditionalPropertiesMode.Any
        && MinProperties == 0 && MaxProperties is null;
}
