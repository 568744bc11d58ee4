using LlamaChat.History;

namespace LlamaChat.Chat;

/// <summary>
/// A piece of a response as it is generated. Main-answer text has no <see cref="SegmentType"/>; text of a thought
/// or comment has one. A chunk may be empty when it only marks a segment's start or end.
/// </summary>
public sealed record ResponseChunk
{
    /// <summary>The text.</summary>
    public required string Text { get; init; }

    /// <summary>The tokens the text came from.</summary>
    public IReadOnlyList<int> Tokens { get; init; } = [];

    /// <summary>The segment this text belongs to, or <c>null</c> for the main answer.</summary>
    public ChatModelSegmentType? SegmentType { get; init; }

    /// <summary>Set on the first chunk of a segment: when it started.</summary>
    public DateTimeOffset? SegmentStartTime { get; init; }

    /// <summary>Set on the last chunk of a segment: when it ended.</summary>
    public DateTimeOffset? SegmentEndTime { get; init; }
}
