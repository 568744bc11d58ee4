using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>What to do when a format with prefix triggers is used in a mode that skips them (for example with a grammar).</summary>
public sealed record ChatWrapperNoPrefixTrigger
{
    /// <summary>What to enter.</summary>
    public required PrefixTriggerKind Kind { get; init; }

    /// <summary>For <see cref="PrefixTriggerKind.Segment"/>: the segment type.</summary>
    public ChatModelSegmentType? SegmentType { get; init; }

    /// <summary>Text to add to the context first.</summary>
    public LlamaText? Inject { get; init; }
}
