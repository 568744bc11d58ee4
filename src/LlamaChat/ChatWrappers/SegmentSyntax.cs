using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>How a segment (a thought or a comment) is delimited in a chat format.</summary>
public sealed record SegmentSyntax
{
    /// <summary>The text that opens the segment, for example <c>&lt;think&gt;</c>.</summary>
    public required LlamaText Prefix { get; init; }

    /// <summary>The text that closes it, for example <c>&lt;/think&gt;</c>; null when only <see cref="ChatWrapperSegmentSettings.CloseAllSegments"/> closes it.</summary>
    public LlamaText? Suffix { get; init; }

    /// <summary>Whether a segment that was open when function calls were made is opened again after their results.</summary>
    public bool ReopenAfterFunctionCalls { get; init; }
}
