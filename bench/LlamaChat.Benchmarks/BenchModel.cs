namespace LlamaChat.Benchmarks;

/// <summary>Finds or forges the benchmark model (test-models.md: Llama 3 vocabulary, ~353M parameters, Q8_0).</summary>
internal static class BenchModel
{
    public static Task<string> EnsureAsync() =>
        throw new InvalidOperationException("Pass --model PATH (the forged benchmark model is not wired in yet).");
}
