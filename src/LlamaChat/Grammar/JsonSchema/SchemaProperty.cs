namespace LlamaChat.Grammar.JsonSchema;

/// <summary>A declared object property.</summary>
internal sealed record SchemaProperty(string Name, SchemaNode Schema, bool Required);
