namespace LlamaChat;

/// <summary>
/// A JSON schema could not be turned into a grammar: it uses a keyword LlamaChat does not support, has
/// contradictory constraints (minimum above maximum, minItems above maxItems, ...), an unknown <c>$ref</c>,
/// or cannot be satisfied by any value. Thrown before any generation starts.
/// </summary>
public class JsonSchemaException : GrammarException
{
    /// <summary>Creates the exception for the schema location <paramref name="schemaPath"/> (a JSON pointer such as <c>#/properties/age</c>).</summary>
    public JsonSchemaException(string message, string schemaPath, string? keyword = null, Exception? innerException = null)
        : base(message, 0, 0, innerException)
    {
        SchemaPath = schemaPath;
        Keyword = keyword;
    }

    /// <summary>Where in the schema the problem is, as a JSON pointer fragment (<c>#</c> is the schema root).</summary>
    public string SchemaPath { get; }

    /// <summary>The keyword at fault (for example <c>minimum</c>), when there is one.</summary>
    public string? Keyword { get; }
}
