namespace LlamaChat.Grammar.JsonSchema;

/// <summary>What an object may contain beyond its declared properties.</summary>
internal enum AdditionalPropertiesMode
{
    /// <summary>Nothing (LlamaChat's default, as in node-llama-cpp).</summary>
    None,
    /// <summary>Any JSON values.</summary>
    Any,
    /// <summary>Values of <see cref="SchemaNode.AdditionalSchema"/>.</summary>
    Schema,
}
