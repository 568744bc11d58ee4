using LlamaChat.Evaluation;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Runtime;

public class ContextOptionsTests
{
    [SkippableFact]
    public async Task AutomaticContextSizeStaysWithinTheBounds()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await model.CreateContextAsync(new LlamaContextOptions { MaxContextSize = 1024, MinContextSize = 512, Threads = 1 });
        Assert.InRange(context.ContextSize, 512, 1024 + 256); // llama.cpp pads the size up
        await using var full = await model.CreateContextAsync(new LlamaContextOptions { Threads = 1 });
        Assert.Equal(model.TrainContextSize, full.ContextSize); // a tiny model fits its whole training context
        await Assert.ThrowsAsync<ContextCreationException>(() =>
            model.CreateContextAsync(new LlamaContextOptions { MaxContextSize = 100, MinContextSize = 200, Threads = 1 }));
    }

    [SkippableFact]
    public async Task ContextOptionsReachLlamaCpp()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await model.CreateContextAsync(new LlamaContextOptions
        {
            ContextSize = 512, Sequences = 3, BatchSize = 64, Threads = 1, FlashAttention = false, KeyCacheType = KvCacheType.F32,
        });
        Assert.Equal(3, context.TotalSequences);
        Assert.Equal(64, context.BatchSize);
        Assert.True(context.ContextSize >= 512);
        using var sequence = context.GetSequence();
        // A prompt longer than the batch is split over several decodes.
        var prompt = model.TokenizeWithBos(string.Concat(Enumerable.Repeat("Once upon a time there was a cat. ", 8)));
        Assert.True(prompt.Length > 64);
        var before = context.Scheduler.DecodeCount;
        await sequence.EvaluateWithoutGeneratingNewTokensAsync(prompt);
        Assert.Equal((prompt.Length + 63) / 64, context.Scheduler.DecodeCount - before);
    }

    [SkippableFact]
    public async Task PerformanceCountersCountTheDecodedTokens()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await model.CreateContextAsync(new LlamaContextOptions { ContextSize = 512, Threads = 1, PerformanceTracking = true });
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Once upon a time there was a little girl");
        var generated = 0;
        await foreach (var _ in sequence.EvaluateAsync(prompt)) if (++generated == 10) break;
        var performance = await context.GetPerformanceAsync();
        Assert.Equal(prompt.Length, performance.PromptTokens);
        Assert.Equal(9, performance.EvaluatedTokens); // the tenth token was generated but never decoded
        Assert.True(performance.TokensPerSecond > 0);

        await using var untracked = await TestModels.ContextAsync(model);
        await Assert.ThrowsAsync<InvalidOperationException>(() => untracked.GetPerformanceAsync());
    }

    [SkippableFact]
    public async Task XtcAndDryChangeSampling()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Once upon a time");
        async Task<List<int>> Run(SamplingOptions sampling)
        {
            await sequence.ClearHistoryAsync();
            var output = new List<int>();
            await foreach (var token in sequence.EvaluateAsync(prompt, new EvaluateOptions { Sampling = sampling }))
                if (output.Count < 60) output.Add(token); else break;
            return output;
        }
        var greedy = await Run(new SamplingOptions());
        Assert.NotEqual(greedy, await Run(new SamplingOptions { Xtc = new XtcOptions(1f, 0.0001f) }));
        Assert.NotEqual(greedy, await Run(new SamplingOptions { DryRepeatPenalty = new DryRepeatPenaltyOptions { Strength = 1f, AllowedLength = 1 } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { TopP = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Temperature = -1 }.Validate());
    }
}
