namespace LlamaChat.Gguf;

/// <summary>
/// The per-token type stored in <c>tokenizer.ggml.token_type</c> (llama.cpp's <c>llama_token_type</c>).
/// </summary>
public enum GgufTokenType
{
    /// <summary>Not set.</summary>
    Undefined = 0,
    /// <summary>An ordinary text token.</summary>
    Normal = 1,
    /// <summary>The unknown-token placeholder.</summary>
    Unknown = 2,
    /// <summary>A control token (BOS, EOS, chat markers): not produced from plain text, hidden when detokenizing without special tokens.</summary>
    Control = 3,
    /// <summary>An added token matched as a whole in any text, like <c>&lt;think&gt;</c> in Qwen vocabularies.</summary>
    UserDefined = 4,
    /// <summary>A reserved, unused slot.</summary>
    Unused = 5,
    /// <summary>A raw byte token (SentencePiece <c>&lt;0xNN&gt;</c>).</summary>
    Byte = 6,
}
