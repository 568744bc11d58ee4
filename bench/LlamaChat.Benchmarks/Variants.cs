namespace LlamaChat.Benchmarks;

/// <summary>The measured variants of the speed table, by name.</summary>
internal static class Variants
{
    public const int PromptTokens = 512;
    public const int GenerateTokens = 128;

    /// <summary>Tokens generated before measuring: llama.cpp's first-use allocations and the JIT happen then.</summary>
    public const int WarmupTokens = 64;

    public static IReadOnlyList<string> Names { get; } = ["loop", "sequence", "grammar", "chat"];

    public static Task<Measurement> RunAsync(string name, int threads, string modelPath) => name switch
    {
        "loop" => Task.FromResult(MinimalDecodeLoop.Run(modelPath, threads, PromptTokens, GenerateTokens)),
        "sequence" => SequenceApiRun.RunAsync(modelPath, threads, PromptTokens, GenerateTokens),
        "grammar" => GrammarRun.RunAsync(modelPath, threads, PromptTokens, GenerateTokens),
        "chat" => ChatPromptRun.RunAsync(modelPath, threads, PromptTokens, GenerateTokens),
        _ => throw new ArgumentException($"Unknown variant '{name}'."),
    };
}
