namespace LlamaChat.History;

/// <summary>A user message: always plain text, so it can never inject special tokens.</summary>
/// <param name="Text">The message.</param>
public sealed record ChatUserMessage(string Text) : ChatHistoryItem
{
    /// <summary>The message.</summary>
    public string Text { get; init; } = Text ?? throw new ArgumentNullException(nameof(Text));
}
