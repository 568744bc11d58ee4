using LlamaChat.Evaluation;

namespace LlamaChat.Chat;

/// <summary>Options for <see cref="LlamaCompletion"/>.</summary>
public sealed record CompletionOptions
{
    /// <summary>The most tokens to generate. Default 256.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>How tokens are chosen. Default: greedy.</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Texts that end the completion (they are not part of it).</summary>
    public IReadOnlyList<string> StopTriggers { get; init; } = [];

    /// <summary>Called with each piece of the completion.</summary>
    public Action<string>? OnTextChunk { get; init; }
}
