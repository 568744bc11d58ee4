using LlamaChat.Evaluation;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Runtime;

public class SamplingTests
{
    private static async Task<List<int>> Generate(LlamaContextSequence sequence, IReadOnlyList<int> prompt, int count, SamplingOptions sampling)
    {
        await sequence.ClearHistoryAsync();
        var output = new List<int>();
        await foreach (var token in sequence.EvaluateAsync(prompt, new EvaluateOptions { Sampling = sampling }))
        {
            output.Add(token);
            if (output.Count == count || sequence.Model.IsEogToken(token)) break;
        }
        return output;
    }

    [SkippableFact]
    public async Task TokenBiasNeverBansAToken()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Once upon a time");
        var plain = await Generate(sequence, prompt, 30, new SamplingOptions());
        var banned = plain[0];
        var biased = await Generate(sequence, prompt, 30, new SamplingOptions { TokenBias = new TokenBias(model).Never(banned) });
        Assert.DoesNotContain(banned, biased);
        Assert.NotEqual(plain, biased);
    }

    [SkippableFact]
    public async Task RepeatPenaltyChangesOutputAndItsFilterDecidesWhichTokensArePunished()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Once upon a time");
        var plain = await Generate(sequence, prompt, 60, new SamplingOptions());
        var penalty = new RepeatPenaltyOptions { Penalty = 3f, FrequencyPenalty = 1f, PresencePenalty = 1f };
        var penalized = await Generate(sequence, prompt, 60, new SamplingOptions { RepeatPenalty = penalty });
        var filteredOut = await Generate(sequence, prompt, 60, new SamplingOptions
        {
            RepeatPenalty = penalty with { PunishTokensFilter = _ => [] },
        });
        Assert.NotEqual(plain, penalized);
        Assert.Equal(plain, filteredOut);
        // Penalizing repeats makes the text less repetitive.
        Assert.True(penalized.Distinct().Count() >= plain.Distinct().Count());
    }

    [SkippableFact]
    public async Task GrammarConstrainsTheOutput()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Is the sky blue? Answer:");
        var grammar = LlamaChat.Grammar.LlamaGrammar.FromGbnf("root ::= (\"yes\" | \"no\") \" please\"");
        var output = await Generate(sequence, prompt, 20, new SamplingOptions { Grammar = grammar });
        Assert.True(model.IsEogToken(output[^1]), "generation ends when the grammar is complete");
        var text = model.Detokenize(output[..^1].ToArray());
        Assert.Contains(text, new[] { "yes please", "no please" });
    }

    [SkippableFact]
    public async Task GrammarAtTemperatureStillHolds()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Numbers:");
        var grammar = LlamaChat.Grammar.LlamaGrammar.FromGbnf("root ::= [0-9]{3} \"-\" [0-9]{2}");
        for (uint seed = 1; seed <= 5; seed++)
        {
            var output = await Generate(sequence, prompt, 30, new SamplingOptions { Grammar = grammar, Temperature = 1.2f, Seed = seed });
            var text = model.Detokenize(output.Where(t => !model.IsEogToken(t)).ToArray());
            Assert.Matches("^[0-9]{3}-[0-9]{2}$", text);
        }
    }

    [SkippableFact]
    public async Task MetadataGivesProbabilities()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        await foreach (var generated in sequence.EvaluateWithMetadataAsync(model.TokenizeWithBos("Once upon a time"),
                           new EvaluateOptions { Confidence = true, Probabilities = 5 }))
        {
            Assert.NotNull(generated.Confidence);
            Assert.Equal(5, generated.Probabilities!.Count);
            Assert.Equal(generated.Token, generated.Probabilities[0].Key); // greedy picks the most likely
            Assert.Equal(generated.Confidence!.Value, generated.Probabilities[0].Value, 4);
            Assert.True(generated.Probabilities.Zip(generated.Probabilities.Skip(1)).All(p => p.First.Value >= p.Second.Value));
            break;
        }
    }

    [SkippableFact]
    public async Task AGrammarNothingCanSatisfyFailsInsteadOfEndingSilently()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        // Every token that could write "x" is banned, so the grammar can never be followed.
        var bias = new TokenBias(model);
        for (var token = 0; token < model.VocabularySize; token++)
            if (model.Detokenize([token]).TrimStart().StartsWith('x')) bias.Never(token);
        var options = new EvaluateOptions { Sampling = new SamplingOptions { Grammar = LlamaChat.Grammar.LlamaGrammar.FromGbnf("root ::= \"x\""), TokenBias = bias } };
        await Assert.ThrowsAsync<GrammarException>(async () =>
        {
            await foreach (var _ in sequence.EvaluateAsync(model.TokenizeWithBos("Hi"), options)) break;
        });
    }
}
