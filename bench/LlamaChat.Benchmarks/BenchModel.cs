using LlamaChat.Forge;

namespace LlamaChat.Benchmarks;

/// <summary>Finds or forges the benchmark model (test-models.md: Llama 3 vocabulary, ~353M parameters, Q8_0).</summary>
internal static class BenchModel
{
    public static async Task<string> EnsureAsync()
    {
        var vocabulary = Path.Combine(BenchPaths.RepositoryRoot(), "..", "shared", "fixtures", "vocab", "ggml-vocab-llama-bpe.gguf");
        if (!File.Exists(vocabulary))
            throw new FileNotFoundException("The benchmark model is forged from ../shared/fixtures/vocab/ggml-vocab-llama-bpe.gguf; pass --model PATH instead.", vocabulary);
        Console.Error.WriteLine("Forging (or reusing) the benchmark model...");
        return await ForgedModels.GetBenchmarkModelAsync(vocabulary);
    }
}
