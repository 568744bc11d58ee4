using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LlamaChat.Grammar.Gbnf;
using LlamaChat.Grammar.JsonSchema;

namespace LlamaChat.Grammar;

/// <summary>
/// A grammar that makes the model write one JSON value satisfying a JSON schema, and the means to read it back:
/// <see cref="Parse"/> checks the text against the same schema. Like node-llama-cpp, the grammar ends the value
/// with four line breaks, which are the stop trigger. See docs/grammar.md for the supported schema subset and
/// how it departs from JSON Schema (declared properties are required unless <c>required</c> lists them, and
/// no undeclared properties are allowed unless <c>additionalProperties</c> says so).
/// </summary>
public class JsonSchemaGrammar : LlamaGrammar
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 512 };

    private readonly SchemaNode _schema;

    private protected JsonSchemaGrammar(JsonNode schema, SchemaNode normalized, GbnfGrammar definition)
        : base(definition, new[] { "\n\n\n\n" }, trimWhitespaceSuffix: true)
    {
        Schema = schema;
        _schema = normalized;
    }

    /// <summary>The rule that matches the JSON value alone (the root rule adds the trailing line breaks).</summary>
    public static string ValueRuleName => JsonSchemaGbnfWriter.ValueRule;

    /// <summary>A copy of the schema the grammar was made from.</summary>
    public JsonNode Schema { get; }

    /// <summary>Builds the grammar for a schema given as JSON text.</summary>
    /// <exception cref="JsonSchemaException">The text is not JSON, or the schema uses something unsupported or is contradictory.</exception>
    public static JsonSchemaGrammar FromSchema(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(schemaJson, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new JsonSchemaException($"The schema is not valid JSON: {e.Message}", "#", null, e);
        }
        return FromSchema(node!);
    }

    /// <summary>Builds the grammar for a schema given as a <see cref="JsonNode"/> (it is copied).</summary>
    /// <exception cref="JsonSchemaException">The schema uses something unsupported or is contradictory.</exception>
    public static JsonSchemaGrammar FromSchema(JsonNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var copy = schema.DeepClone();
        var (normalized, definition) = Build(copy);
        return new JsonSchemaGrammar(copy, normalized, definition);
    }

    /// <summary>
    /// Builds the grammar for the JSON form of <typeparamref name="T"/> (schema from System.Text.Json's
    /// <see cref="JsonSchemaExporter"/>); <see cref="JsonSchemaGrammar{T}.Parse"/> then returns a <typeparamref name="T"/>.
    /// </summary>
    /// <param name="options">How to serialize <typeparamref name="T"/>; default <see cref="JsonSchemaGrammar{T}.DefaultSerializerOptions"/>.</param>
    public static JsonSchemaGrammar<T> ForType<T>(JsonSerializerOptions? options = null)
    {
        options ??= JsonSchemaGrammar<T>.DefaultSerializerOptions;
        var schema = SchemaForType(typeof(T), options);
        var (normalized, definition) = Build(schema);
        return new JsonSchemaGrammar<T>(schema, normalized, definition, options);
    }

    /// <summary>The JSON Schema of <paramref name="type"/>'s JSON form, with integer bounds that keep values inside the CLR type.</summary>
    internal static JsonNode SchemaForType(Type type, JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = AddIntegerBounds,
        };
        return options.GetJsonSchemaAsNode(type, exporterOptions);
    }

    /// <summary>
    /// Parses the model's text (surrounding whitespace ignored) and checks it against the schema.
    /// </summary>
    /// <exception cref="JsonSchemaValidationException">The text is not JSON or breaks a rule of the schema; the exception names the value's path and the rule.</exception>
    public JsonNode? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text.Trim(), documentOptions: DocumentOptions);
            // Duplicate keys surface only when an object is first read; read everything now.
            Touch(node);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            var what = e is ArgumentException ? "has a duplicate property name" : "is not valid JSON";
            throw new JsonSchemaValidationException($"The text {what}: {e.Message}", "$", "json", "#", null, e);
        }
        Validate(node);
        return node;
    }

    /// <summary>Checks a JSON value against the schema.</summary>
    /// <exception cref="JsonSchemaValidationException">The value breaks a rule of the schema.</exception>
    public void Validate(JsonNode? value) => JsonSchemaValidator.Validate(_schema, value);

    /// <summary>Whether a JSON value satisfies the schema.</summary>
    public bool IsValid(JsonNode? value) => JsonSchemaValidator.IsValid(_schema, value);

    private static (SchemaNode, GbnfGrammar) Build(JsonNode schema)
    {
        var normalized = JsonSchemaReader.Read(schema);
        var gbnf = JsonSchemaGbnfWriter.Write(normalized);
        GbnfGrammar definition;
        try
        {
            definition = GbnfGrammar.Parse(gbnf);
        }
        catch (GrammarException e)
        {
            // A schema we accepted must give valid GBNF; if not, it is our bug, not the user's.
            throw new JsonSchemaException($"Internal error: the grammar generated for the schema is invalid ({e.Message}). Please report this with the schema.", "#", null, e);
        }
        return (normalized, definition);
    }

    private static void Touch(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                    Touch(v);
                break;
            case JsonArray a:
                foreach (var v in a)
                    Touch(v);
                break;
        }
    }

    // CLR integers have ranges; without bounds the grammar could write a number that does not fit.
    private static JsonNode AddIntegerBounds(JsonSchemaExporterContext context, JsonNode schema)
    {
        var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        (decimal Min, decimal Max)? range = Type.GetTypeCode(type) switch
        {
            TypeCode.Byte => (byte.MinValue, byte.MaxValue),
            TypeCode.SByte => (sbyte.MinValue, sbyte.MaxValue),
            TypeCode.Int16 => (short.MinValue, short.MaxValue),
            TypeCode.UInt16 => (ushort.MinValue, ushort.MaxValue),
            TypeCode.Int32 => (int.MinValue, int.MaxValue),
            TypeCode.UInt32 => (uint.MinValue, uint.MaxValue),
            TypeCode.Int64 => (long.MinValue, long.MaxValue),
            TypeCode.UInt64 => (ulong.MinValue, ulong.MaxValue),
            _ => null,
        };
        if (range is { } r && schema is JsonObject obj && obj["type"] is JsonNode t
            && (t.ToJsonString().Contains("\"integer\"", StringComparison.Ordinal)) && !obj.ContainsKey("minimum") && !obj.ContainsKey("maximum"))
        {
            obj["minimum"] = r.Min;
            obj["maximum"] = r.Max;
        }
        return schema;
    }
}
