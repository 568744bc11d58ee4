using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LlamaChat.Grammar.Gbnf;
using LlamaChat.Grammar.JsonSchema;

namespace LlamaChat.Grammar;

/// <summary>
/// A <see cref="JsonSchemaGrammar"/> for the JSON form of <typeparamref name="T"/>; <see cref="Parse"/> returns a
/// <typeparamref name="T"/>. Create it with <see cref="JsonSchemaGrammar.ForType{T}"/>.
/// </summary>
/// <typeparam name="T">The type the model's JSON describes.</typeparam>
public sealed class JsonSchemaGrammar<T> : JsonSchemaGrammar
{
    internal JsonSchemaGrammar(JsonNode schema, SchemaNode normalized, GbnfGrammar definition, JsonSerializerOptions options)
        : base(schema, normalized, definition)
        => SerializerOptions = options;

    /// <summary>
    /// The default serializer options: camelCase property names, enums as their names, numbers strictly as
    /// JSON numbers, nullable annotations and required constructor parameters respected.
    /// </summary>
    public static JsonSerializerOptions DefaultSerializerOptions { get; } = CreateDefaultOptions();

    /// <summary>The options used for the schema and for deserializing.</summary>
    public JsonSerializerOptions SerializerOptions { get; }

    /// <summary>Parses the model's text, checks it against the schema and deserializes it.</summary>
    /// <exception cref="JsonSchemaValidationException">The text is not JSON, breaks the schema, or does not deserialize into <typeparamref name="T"/>.</exception>
    public new T Parse(string text)
    {
        var node = base.Parse(text);
        try
        {
            return node.Deserialize<T>(SerializerOptions)!;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new JsonSchemaValidationException(
                $"The JSON satisfies the schema but does not deserialize into {typeof(T).Name}: {e.Message}", "$", "type", "#", node?.DeepClone(), e);
        }
    }

    private static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }
}
