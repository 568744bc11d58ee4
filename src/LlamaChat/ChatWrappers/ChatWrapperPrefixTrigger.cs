using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// For formats whose model turn starts by naming what follows (gpt-oss channels): when one of
/// <see cref="Triggers"/> is generated at the start of a turn, the loop enters <see cref="Kind"/>.
/// </summary>
public sealed record ChatWrapperPrefixTrigger
{
    /// <summary>What the trigger starts.</summary>
    public required PrefixTriggerKind Kind { get; init; }

    /// <summary>For <see cref="PrefixTriggerKind.Segment"/>: the segment type.</summary>
    public ChatModelSegmentType? SegmentType { get; init; }

    /// <summary>The texts that fire the trigger.</summary>
    public required IReadOnlyList<LlamaText> Triggers { get; init; }

    /// <summary>Whether the matched trigger text is replaced by <see cref="Inject"/> in the context instead of kept.</summary>
    public bool ReplaceTrigger { get; init; }

    /// <summary>Text added to the context after the trigger (or instead of it, with <see cref="ReplaceTrigger"/>).</summary>
    public LlamaText? Inject { get; init; }
}
