using System.Text.Json;
using System.Text.Json.Nodes;
using LlamaChat.Models;

namespace LlamaChat.Grammar;

/// <summary>
/// node-llama-cpp's grammar factories on <see cref="Llama"/>: <c>llama.CreateGrammarForJsonSchema(schema)</c>,
/// <c>llama.GetGrammarFor("json")</c>, <c>llama.CreateGrammar(gbnf)</c>. Grammars do not depend on a model, so these
/// are shortcuts for the static factories of <see cref="LlamaGrammar"/> and <see cref="JsonSchemaGrammar"/>.
/// </summary>
public static class LlamaGrammarFactory
{
    /// <summary>A grammar for JSON that satisfies <paramref name="schemaJson"/>.</summary>
    /// <exception cref="JsonSchemaException">The schema is invalid or uses something unsupported.</exception>
    public static JsonSchemaGrammar CreateGrammarForJsonSchema(this Llama llama, string schemaJson) => JsonSchemaGrammar.FromSchema(schemaJson);

    /// <summary>A grammar for JSON that satisfies <paramref name="schema"/>.</summary>
    /// <exception cref="JsonSchemaException">The schema is invalid or uses something unsupported.</exception>
    public static JsonSchemaGrammar CreateGrammarForJsonSchema(this Llama llama, JsonNode schema) => JsonSchemaGrammar.FromSchema(schema);

    /// <summary>A grammar for JSON that deserializes to <typeparamref name="T"/>; its <c>Parse</c> returns a <typeparamref name="T"/>.</summary>
    public static JsonSchemaGrammar<T> CreateGrammarForJsonSchema<T>(this Llama llama, JsonSerializerOptions? options = null) =>
        JsonSchemaGrammar.ForType<T>(options);

    /// <summary>A built-in grammar by name: json, json_arr, list, arithmetic, c, chess, english, japanese.</summary>
    public static LlamaGrammar GetGrammarFor(this Llama llama, string name) => LlamaGrammar.BuiltIn(name);

    /// <summary>A grammar from GBNF text.</summary>
    /// <exception cref="GrammarException">The GBNF is invalid (the exception gives line and column).</exception>
    public static LlamaGrammar CreateGrammar(this Llama llama, string gbnf, string rootRuleName = "root",
        IReadOnlyList<string>? stopGenerationTriggers = null, bool trimWhitespaceSuffix = false) =>
        LlamaGrammar.FromGbnf(gbnf, rootRuleName, stopGenerationTriggers, trimWhitespaceSuffix);
}
