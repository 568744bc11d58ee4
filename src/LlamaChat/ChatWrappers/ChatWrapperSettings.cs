namespace LlamaChat.ChatWrappers;

/// <summary>What the generation loop needs to know about a chat format besides its rendering.</summary>
public sealed record ChatWrapperSettings
{
    /// <summary>Whether the format has system messages (if not, the session leaves the system prompt out unless forced).</summary>
    public bool SupportsSystemMessages { get; init; } = true;

    /// <summary>The function-calling syntax.</summary>
    public required ChatWrapperFunctionSettings Functions { get; init; }

    /// <summary>The segments (thought, comment).</summary>
    public ChatWrapperSegmentSettings Segments { get; init; } = new();
}
