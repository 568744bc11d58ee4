using LlamaChat.Forge;
using LlamaChat.Gguf;

namespace LlamaChat.Benchmarks;

/// <summary>Finds or forges the benchmark models (Llama 3 vocabulary, random Q8_0 weights).</summary>
internal static class BenchModel
{
    /// <summary>The benchmark model of test-models.md (~353M parameters, 8 layers, 1024 wide).</summary>
    public static async Task<string> EnsureAsync()
    {
        Console.Error.WriteLine("Forging (or reusing) the benchmark model...");
        return await ForgedModels.GetBenchmarkModelAsync(VocabularyPath());
    }

    /// <summary>
    /// A model shaped like Llama 3.2 1B (16 layers, 2048 wide, 32 heads, 8 KV heads, FFN 8192; ~1.2B parameters): in
    /// the small benchmark model attention is an unusually large share of the work, so the multi-turn run is repeated
    /// on a shape where it weighs what it does in the models people chat with.
    /// </summary>
    public static async Task<string> EnsureOneBillionShapedAsync()
    {
        Console.Error.WriteLine("Forging (or reusing) the 1B-shaped model...");
        var vocabulary = await CopiedVocabulary.FromGgufAsync(VocabularyPath());
        var shape = new ForgedModelShape { LayerCount = 16, EmbeddingLength = 2048, HeadCount = 32, KvHeadCount = 8, FeedForwardLength = 8192 };
        var builder = new ForgedModelBuilder(vocabulary)
        {
            Name = "LlamaChat 1B-shaped benchmark model (forged, random weights)",
            ContextLength = 8192,
            RopeFreqBase = 500000f,
        }.WithRandomWeights(shape, GgmlType.Q8_0, seed: 2);
        return await ForgeCache.Default.GetOrCreateAsync("bench-llama3-1b-q8", builder);
    }

    private static string VocabularyPath()
    {
        var vocabulary = Path.Combine(BenchPaths.RepositoryRoot(), "..", "shared", "fixtures", "vocab", "ggml-vocab-llama-bpe.gguf");
        if (!File.Exists(vocabulary))
            throw new FileNotFoundException("The benchmark models are forged from ../shared/fixtures/vocab/ggml-vocab-llama-bpe.gguf; pass --model PATH instead.", vocabulary);
        return vocabulary;
    }
}
