using LlamaChat.Evaluation;

namespace LlamaChat.Chat;

/// <summary>Options for <see cref="LlamaChatSession.CreatePromptCompletionEngine"/>.</summary>
public sealed record PromptCompletionEngineOptions
{
    /// <summary>Called from the background with each new completion: (prompt, completion).</summary>
    public Action<string, string>? OnGeneration { get; init; }

    /// <summary>How many completions are cached (least recently used ones are dropped). Default 100.</summary>
    public int MaxCachedCompletions { get; init; } = 100;

    /// <summary>The most tokens per completion. Default <c>min(256, ceil(contextSize / 2))</c>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>How tokens are chosen. Default: greedy.</summary>
    public SamplingOptions Sampling { get; init; } = new();
}
