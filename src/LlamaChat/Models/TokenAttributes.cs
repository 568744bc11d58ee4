namespace LlamaChat.Models;

/// <summary>What the vocabulary says about a token (llama.cpp's <c>llama_token_attr</c>).</summary>
[Flags]
public enum TokenAttributes
{
    None = 0,
    Unknown = 1 << 0,
    Unused = 1 << 1,
    Normal = 1 << 2,
    Control = 1 << 3,
    UserDefined = 1 << 4,
    Byte = 1 << 5,
    Normalized = 1 << 6,
    LStrip = 1 << 7,
    RStrip = 1 << 8,
    SingleWord = 1 << 9,
}
