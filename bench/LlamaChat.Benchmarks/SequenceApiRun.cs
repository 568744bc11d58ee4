using System.Diagnostics;
using LlamaChat.Evaluation;
using LlamaChat.Models;

namespace LlamaChat.Benchmarks;

/// <summary>The same work through LlamaChat's public sequence API.</summary>
internal static class SequenceApiRun
{
    public static async Task<Measurement> RunAsync(string modelPath, int threads, int promptTokens, int generateTokens)
    {
        using var runtime = await BenchRuntime.OpenAsync(modelPath, threads, promptTokens + generateTokens + 16);
        var (model, context) = (runtime.Model, runtime.Context);
        using var sequence = context.GetSequence();
        var prompt = BenchPrompt.Tokens(model.VocabularySize, promptTokens);

        // Warm-up, as in the minimal loop.
        var warm = 0;
        await foreach (var _ in sequence.EvaluateAsync(prompt[..8])) if (++warm > Variants.WarmupTokens) break;
        await sequence.ClearHistoryAsync();

        var clock = Stopwatch.StartNew();
        double promptSeconds = 0, firstToken = 0;
        var generated = -1;
        await foreach (var _ in sequence.EvaluateAsync(prompt))
        {
            if (generated < 0)
            {
                promptSeconds = clock.Elapsed.TotalSeconds;
                firstToken = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
            }
            if (++generated == generateTokens) break;
        }
        var generateSeconds = clock.Elapsed.TotalSeconds;
        return new Measurement(promptTokens / promptSeconds, generateTokens / generateSeconds, firstToken, PeakMemory.Megabytes());
    }
}
