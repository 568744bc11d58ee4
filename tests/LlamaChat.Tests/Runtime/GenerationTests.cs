using LlamaChat.Evaluation;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Runtime;

public class GenerationTests
{
    private static async Task<List<int>> Generate(LlamaContextSequence sequence, int[] prompt, int count, SamplingOptions? sampling = null)
    {
        var output = new List<int>();
        await foreach (var token in sequence.EvaluateAsync(prompt, new EvaluateOptions { Sampling = sampling ?? new() }))
        {
            output.Add(token);
            if (output.Count == count) break;
        }
        return output;
    }

    [SkippableFact]
    public async Task GreedyGenerationIsCoherentAndDeterministic()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        var prompt = model.TokenizeWithBos("Once upon a time");
        using var first = context.GetSequence();
        var a = await Generate(first, prompt, 24);
        await first.ClearHistoryAsync();
        var b = await Generate(first, prompt, 24);
        Assert.Equal(a, b);
        var text = model.Detokenize(a.ToArray());
        Assert.Matches("^[ A-Za-z,.'\"!\n-]+$", text);
        Assert.Contains(" ", text.Trim());
    }

    [SkippableFact]
    public async Task SameSeedGivesSameOutputAtTemperature()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Once upon a time");
        var sampling = new SamplingOptions { Temperature = 1.5f, Seed = 42, TopK = 0, TopP = 1 };
        var a = await Generate(sequence, prompt, 32, sampling);
        await sequence.ClearHistoryAsync();
        var b = await Generate(sequence, prompt, 32, sampling);
        await sequence.ClearHistoryAsync();
        var c = await Generate(sequence, prompt, 32, sampling with { Seed = 7 });
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
