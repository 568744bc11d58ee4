using LlamaChat.Models;

namespace LlamaChat.Benchmarks;

/// <summary>A fixed pseudo-random prompt: speed does not depend on the text, only on its length.</summary>
internal static class BenchPrompt
{
    public static int[] Tokens(int vocabularySize, int count)
    {
        var random = new Random(1234);
        return Enumerable.Range(0, count).Select(_ => random.Next(1000, Math.Min(vocabularySize, 30000))).ToArray();
    }

    /// <summary>Plain words whose tokenization is about <paramref name="tokens"/> tokens long.</summary>
    public static string Text(LlamaModel model, int tokens)
    {
        string[] words = ["river", "stone", "light", "garden", "window", "quiet", "morning", "paper", "forest", "music"];
        var random = new Random(99);
        var text = new System.Text.StringBuilder();
        while (model.Tokenize(text.ToString()).Length < tokens) text.Append(words[random.Next(words.Length)]).Append(' ');
        return text.ToString().TrimEnd();
    }
}
