using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>The segments (thoughts, comments) a chat format has.</summary>
public sealed record ChatWrapperSegmentSettings
{
    /// <summary>Text that closes every open segment at once; null when the format has none.</summary>
    public LlamaText? CloseAllSegments { get; init; }

    /// <summary>Whether the prefixes of the open segments are repeated after function results, to remind the model where it was.</summary>
    public bool ReiterateStackAfterFunctionCalls { get; init; }

    /// <summary>The chain-of-thought segment; null when the format has none.</summary>
    public SegmentSyntax? Thought { get; init; }

    /// <summary>The comment segment; null when the format has none.</summary>
    public SegmentSyntax? Comment { get; init; }

    /// <summary>The syntax of a segment type, or null when the format lacks it.</summary>
    public SegmentSyntax? Get(ChatModelSegmentType type) => type switch
    {
        ChatModelSegmentType.Thought => Thought,
        ChatModelSegmentType.Comment => Comment,
        _ => null,
    };
}
