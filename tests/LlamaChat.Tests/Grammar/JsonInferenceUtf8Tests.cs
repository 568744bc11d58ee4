using LlamaChat.Evaluation;
using LlamaChat.Grammar;

namespace LlamaChat.Tests.Grammar;

/// <summary>
/// Byte tokens under a JSON-schema grammar. llama.cpp's grammar decodes token bytes leniently: after an invalid lead
/// byte (F5–FF), an overlong form (C0, C1, E0 80–9F, F0 80–8F) or a surrogate (ED A0–BF) it still sees one code point,
/// which a string's character class accepts. The answer's text then holds U+FFFD for each such byte, so a string the
/// grammar kept within maxLength is longer than maxLength once decoded, and Parse rejects it.
/// </summary>
public class JsonInferenceUtf8Tests(JsonInferenceFixture fixture) : IClassFixture<JsonInferenceFixture>
{
    // The sampler rejects a candidate whose bytes would make the answer invalid UTF-8 (the grammar alone would let
    // stray bytes through); before that, seed 1 failed at once.
    [Fact]
    public async Task SampledStringsAreUtf8AndKeepTheirMaxLength()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""{"type":"string","maxLength":30}""");
        var model = fixture.Model;
        var bias = new TokenBias(model).Set("\"", 4f); // strings close after a dozen tokens, as in the conformance suite
        for (uint seed = 1; seed <= 40; seed++)
        {
            var sampling = new SamplingOptions { Temperature = 1.5f, Seed = seed, TopK = 0, TopP = 1, TokenBias = bias };
            var output = await JsonInferenceSampler.SampleAsync(fixture.Sequence, model.Tokenize("JSON:"), grammar, sampling, 200);
            Assert.Equal(JsonInferenceSampler.End.StopTrigger, output.Reason);
            Assert.DoesNotContain('\uFFFD', output.Text);
            grammar.Parse(output.Text);
        }
    }
}
