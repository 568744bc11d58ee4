namespace LlamaChat.Benchmarks;

/// <summary>A fixed pseudo-random prompt: speed does not depend on the text, only on its length.</summary>
internal static class BenchPrompt
{
    public static int[] Tokens(int vocabularySize, int count)
    {
        var random = new Random(1234);
        return Enumerable.Range(0, count).Select(_ => random.Next(1000, Math.Min(vocabularySize, 30000))).ToArray();
    }
}
