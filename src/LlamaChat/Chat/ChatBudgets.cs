namespace LlamaChat.Chat;

/// <summary>
/// Token budgets for response segments. When a segment reaches its budget it is closed and the model continues
/// with its answer. <c>null</c> means unlimited; 0 means the segment is closed as soon as it opens.
/// </summary>
public sealed record ChatBudgets
{
    /// <summary>The most tokens the model may spend thinking.</summary>
    public int? ThoughtTokens { get; init; }

    /// <summary>The most tokens the model may spend on comments.</summary>
    public int? CommentTokens { get; init; }
}
