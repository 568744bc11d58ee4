using LlamaChat.Text;

namespace LlamaChat.History;

/// <summary>A system message. Its text may contain special-token text (a chat wrapper's own system texts do).</summary>
/// <param name="Text">The message.</param>
public sealed record ChatSystemMessage(LlamaText Text) : ChatHistoryItem
{
    /// <summary>The message.</summary>
    public LlamaText Text { get; init; } = Text ?? throw new ArgumentNullException(nameof(Text));
}
