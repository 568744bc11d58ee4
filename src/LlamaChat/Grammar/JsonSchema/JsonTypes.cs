namespace LlamaChat.Grammar.JsonSchema;

/// <summary>The JSON types a schema allows. <see cref="Number"/> means non-integral numbers; "number" in a schema is Integer | Number.</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Integer = 4,
    Number = 8,
    String = 16,
    Array = 32,
    Object = 64,
    All = Null | Boolean | Integer | Number | String | Array | Object,
}
