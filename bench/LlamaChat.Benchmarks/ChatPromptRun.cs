using System.Diagnostics;
using LlamaChat.Chat;
using LlamaChat.Evaluation;
using LlamaChat.Models;

namespace LlamaChat.Benchmarks;

/// <summary>The same generation through <see cref="LlamaChatSession.PromptAsync"/> with streaming.</summary>
internal static class ChatPromptRun
{
    public static async Task<Measurement> RunAsync(string modelPath, int threads, int promptTokens, int generateTokens)
    {
        using var runtime = await BenchRuntime.OpenAsync(modelPath, threads, promptTokens + generateTokens + 256);
        var (model, context) = (runtime.Model, runtime.Context);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { SystemPrompt = "Be brief." });
        var prompt = BenchPrompt.Text(model, promptTokens);
        await session.PromptAsync("Hi", new PromptOptions { MaxTokens = Variants.WarmupTokens }); // warm-up, as in the other variants
        session.ResetChatHistory();
        await session.Sequence.ClearHistoryAsync();

        var clock = Stopwatch.StartNew();
        double firstToken = 0, promptSeconds = 0;
        var tokens = 0;
        await session.PromptAsync(prompt, new PromptOptions
        {
            MaxTokens = generateTokens,
            OnToken = t =>
            {
                if (tokens == 0) { firstToken = clock.Elapsed.TotalMilliseconds; promptSeconds = clock.Elapsed.TotalSeconds; clock.Restart(); }
                tokens += t.Count;
            },
        });
        var generateSeconds = clock.Elapsed.TotalSeconds;
        // Tokens held back by stop-trigger detection are counted when released; the rate uses the generated count.
        return new Measurement(promptTokens / promptSeconds, (generateTokens - 1) / generateSeconds, firstToken, PeakMemory.Megabytes());
    }
}
