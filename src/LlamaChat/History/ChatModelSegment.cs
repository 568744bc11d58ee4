using LlamaChat.Text;

namespace LlamaChat.History;

/// <summary>A segment of a model response outside the main answer: a thought or a comment.</summary>
/// <param name="SegmentType">Thought or comment.</param>
/// <param name="Text">The segment's text, without its prefix and suffix.</param>
/// <param name="Ended">Whether the segment was closed (its suffix was generated).</param>
public sealed record ChatModelSegment(ChatModelSegmentType SegmentType, string Text, bool Ended) : ChatModelResponseItem
{
    /// <summary>The segment's text, without its prefix and suffix.</summary>
    public string Text { get; init; } = Text ?? throw new ArgumentNullException(nameof(Text));

    /// <summary>
    /// The exact text that was in the context (prefix, body, suffix), so the segment renders again without
    /// re-tokenization drift. Null when unknown.
    /// </summary>
    public LlamaText? Raw { get; init; }

    /// <summary>When the segment started, if known.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When the segment ended, if known.</summary>
    public DateTimeOffset? EndTime { get; init; }
}
