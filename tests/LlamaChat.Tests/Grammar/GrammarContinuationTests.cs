using LlamaChat.Evaluation;
using LlamaChat.Forge;
using LlamaChat.Grammar;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Grammar;

/// <summary>A grammar that goes on from tokens it matched before (an answer continued after a re-render).</summary>
public class GrammarContinuationTests
{
    [Fact]
    public async Task MatchedTokensTheGrammarDoesNotAllowAreAClearError()
    {
        var model = await TestModels.SharedAsync(await DemoChatModel.GetOrCreateAsync());
        await using var context = await TestModels.ContextAsync(model, 256);
        using var sequence = context.GetSequence();
        var options = new EvaluateOptions
        {
            Sampling = new SamplingOptions { Grammar = LlamaGrammar.BuiltIn("json") },
            GrammarMatchedTokens = model.Tokenize("x"), // a JSON object cannot start with "x"
        };
        await Assert.ThrowsAsync<GrammarException>(async () =>
        {
            await foreach (var _ in sequence.EvaluateAsync(model.Tokenize("Hi"), options)) break;
        });
        // The sequence is still usable.
        await foreach (var _ in sequence.EvaluateAsync(model.Tokenize("Hi"))) break;
    }

    [Fact]
    public async Task TheGrammarGoesOnAfterTheMatchedTokens()
    {
        var model = await TestModels.SharedAsync(await DemoChatModel.GetOrCreateAsync());
        await using var context = await TestModels.ContextAsync(model, 256);
        using var sequence = context.GetSequence();
        var matched = model.Tokenize("{\"a");
        var options = new EvaluateOptions { Sampling = new SamplingOptions { Grammar = LlamaGrammar.BuiltIn("json") }, GrammarMatchedTokens = matched };
        var text = "";
        var count = 0;
        await foreach (var token in sequence.EvaluateAsync(model.Tokenize("Hi"), options))
        {
            text += model.Detokenize([token]);
            if (++count == 20) break;
        }
        // Inside a string: no raw line break, and not a new object.
        Assert.DoesNotContain('\n', text);
        Assert.False(text.StartsWith('{'), text);
    }
}
