using System.Text.Json.Nodes;

namespace LlamaChat;

/// <summary>
/// A JSON text did not satisfy a JSON-schema grammar: it is not valid JSON, or a value breaks one of the
/// schema's rules. <see cref="InstancePath"/> says which value, <see cref="Keyword"/> which rule.
/// </summary>
public class JsonSchemaValidationException : LlamaChatException
{
    /// <summary>Creates the exception.</summary>
    public JsonSchemaValidationException(string message, string instancePath, string keyword, string schemaPath,
        JsonNode? value = null, Exception? innerException = null)
        : base(message, innerException)
    {
        InstancePath = instancePath;
        Keyword = keyword;
        SchemaPath = schemaPath;
        Value = value;
    }

    /// <summary>The offending value's location in the document, as a JSON path such as <c>$.items[2].name</c>.</summary>
    public string InstancePath { get; }

    /// <summary>The broken rule: a schema keyword such as <c>required</c> or <c>maxLength</c>, or <c>json</c> for a syntax error.</summary>
    public string Keyword { get; }

    /// <summary>The schema location of the broken rule, as a JSON pointer fragment (<c>#</c> is the schema root).</summary>
    public string SchemaPath { get; }

    /// <summary>The offending value (a copy), or <c>null</c> when the text was not JSON or the value was JSON null.</summary>
    public JsonNode? Value { get; }
}
