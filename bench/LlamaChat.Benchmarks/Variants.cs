namespace LlamaChat.Benchmarks;

/// <summary>The measured variants of the speed table, by name.</summary>
internal static class Variants
{
    public const int PromptTokens = 512;
    public const int GenerateTokens = 128;

    /// <summary>Tokens generated before measuring, so .NET's JIT has compiled the per-token path to its optimized tier.</summary>
    public const int WarmupTokens = 64;

    /// <summary>
    /// After the warm-up, .NET recompiles the hot methods at its optimized tier on a background thread, about 100 ms
    /// later; on two cores that would steal time from llama.cpp's threads in the middle of a measurement. Let it finish.
    /// </summary>
    public static void SettleAfterWarmup() => Thread.Sleep(1000);

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
