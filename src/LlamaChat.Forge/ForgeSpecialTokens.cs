using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>
/// The special tokens every <see cref="ByteBpeVocabulary"/> has by default, at fixed ids right after the
/// 256 byte tokens, so tests can name them without building a vocabulary first. Chat markers are CONTROL
/// tokens; the tags models write as text (<c>&lt;think&gt;</c>, <c>&lt;tool_call&gt;</c>...) are USER_DEFINED,
/// as in Qwen vocabularies.
/// </summary>
public static class ForgeSpecialTokens
{
    /// <summary>The id of the first special token (after the 256 byte tokens).</summary>
    public const int FirstId = 256;

#pragma warning disable CS1591 // the token texts say what they are
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";
    public const string BeginOfText = "<|begin_of_text|>";
    public const string EndOfTextLlama3 = "<|end_of_text|>";
    public const string StartHeaderId = "<|start_header_id|>";
    public const string EndHeaderId = "<|end_header_id|>";
    public const string EotId = "<|eot_id|>";
    public const string EomId = "<|eom_id|>";
    public const string PythonTag = "<|python_tag|>";
    public const string ThinkStart = "<think>";
    public const string ThinkEnd = "</think>";
    public const string ToolCallStart = "<tool_call>";
    public const string ToolCallEnd = "</tool_call>";
    public const string ToolResponseStart = "<tool_response>";
    public const string ToolResponseEnd = "</tool_response>";
#pragma warning restore CS1591

    /// <summary>The default special tokens in id order (the first has id <see cref="FirstId"/>).</summary>
    public static IReadOnlyList<(string Text, GgufTokenType Type)> Defaults { get; } =
    [
        (EndOfText, GgufTokenType.Control),
        (ImStart, GgufTokenType.Control),
        (ImEnd, GgufTokenType.Control),
        (BeginOfText, GgufTokenType.Control),
        (EndOfTextLlama3, GgufTokenType.Control),
        (StartHeaderId, GgufTokenType.Control),
        (EndHeaderId, GgufTokenType.Control),
        (EotId, GgufTokenType.Control),
        (EomId, GgufTokenType.Control),
        (PythonTag, GgufTokenType.Control),
        (ThinkStart, GgufTokenType.UserDefined),
        (ThinkEnd, GgufTokenType.UserDefined),
        (ToolCallStart, GgufTokenType.UserDefined),
        (ToolCallEnd, GgufTokenType.UserDefined),
        (ToolResponseStart, GgufTokenType.UserDefined),
        (ToolResponseEnd, GgufTokenType.UserDefined),
    ];

    /// <summary>The id a default special token has in a <see cref="ByteBpeVocabulary"/> built with the defaults.</summary>
    /// <exception cref="ArgumentException">The text is not a default special token.</exception>
    public static int IdOf(string text)
    {
        for (int i = 0; i < Defaults.Count; i++)
        {
            if (Defaults[i].Text == text) return FirstId + i;
        }
        throw new ArgumentException($"'{text}' is not one of the default special tokens.", nameof(text));
    }
}
