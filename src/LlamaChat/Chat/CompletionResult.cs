namespace LlamaChat.Chat;

/// <summary>A completion and why it ended.</summary>
/// <param name="Text">The generated text.</param>
/// <param name="StopReason">Why generation stopped: <see cref="StopReason.EogToken"/>, <see cref="StopReason.StopGenerationTrigger"/> or <see cref="StopReason.MaxTokens"/>.</param>
public sealed record CompletionResult(string Text, StopReason StopReason);
