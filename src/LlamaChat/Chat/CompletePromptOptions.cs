using LlamaChat.Evaluation;

namespace LlamaChat.Chat;

/// <summary>Options for <see cref="LlamaChatSession.CompletePromptAsync"/>.</summary>
public sealed record CompletePromptOptions
{
    /// <summary>The most tokens to generate. Default <c>min(256, ceil(contextSize / 2))</c>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>How tokens are chosen. Default: greedy.</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Called with each piece of the completion.</summary>
    public Action<string>? OnTextChunk { get; init; }
}
