using System.Text.Json;
using Json.Schema;
using LlamaChat.Evaluation;
using LlamaChat.Grammar;
using Xunit.Abstractions;

namespace LlamaChat.Tests.Grammar;

/// <summary>
/// The schemas of <see cref="JsonSchemaConformanceCases"/>, this time with llama.cpp doing the sampling: a random-weight
/// model samples several outputs per schema at temperatures of 1 and above under the schema's grammar, and each must end
/// with the grammar's stop trigger, parse with <see cref="JsonSchemaGrammar.Parse"/> and validate with JsonSchema.Net.
/// </summary>
public class JsonSchemaInferenceConformanceTests(JsonInferenceFixture fixture, ITestOutputHelper log) : IClassFixture<JsonInferenceFixture>
{
    // Six seeds per schema keep the class at a few seconds on one thread; 80 per schema also passed (about 13 s, the
    // longest output 165 tokens, far below the cap).
    private const int SeedsPerSchema = 6;
    private const int MaxTokens = 600;

    // Schemas that end only after a particular rare text (a trained model asked for the pattern would write it, a
    // random one almost never does before the token cap), and a recursive one whose trees need a push to stay small.
    private static readonly Dictionary<string, string[]> Hints = new()
    {
        ["pattern-dot-word"] = ["@"],
        ["pattern-unanchored"] = ["abc", "abbc"],
        ["ref-recursive-tree"] = ["]"],
    };

    public static TheoryData<string> CaseNames() => JsonSchemaConformanceTests.CaseNames();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task SampledOutputsParseAndValidate(string name)
    {
        var c = JsonSchemaConformanceCases.All.Single(x => x.Name == name);
        var grammar = JsonSchemaGrammar.FromSchema(c.Schema);
        var independent = JsonSchema.FromText(c.Standard ?? c.Schema);
        var evaluation = new EvaluationOptions { RequireFormatValidation = true };
        var model = fixture.Model;
        var prompt = model.Tokenize("JSON:");
        var outputs = new HashSet<string>();
        var duplicateKeys = 0;
        for (var i = 0; i < SeedsPerSchema; i++)
        {
            var sampling = JsonInferenceModel.Sampling(model, temperature: 1.0f + 0.1f * (i % 6),
                seed: (uint)(Array.FindIndex(JsonSchemaConformanceCases.All, x => x.Name == name) * 100 + i), Hints.GetValueOrDefault(name, []));
            var output = await JsonInferenceSampler.SampleAsync(fixture.Sequence, prompt, grammar, sampling, MaxTokens);
            log.WriteLine($"{name} temperature {sampling.Temperature} seed {sampling.Seed}, {output.TokenCount} tokens: {output.Text}");
            var what = $"{name} (seed {sampling.Seed})";
            Assert.True(output.Reason == JsonInferenceSampler.End.StopTrigger,
                $"{what}: generation ended by {output.Reason} after {output.TokenCount} tokens, not by the stop trigger: {output.Text}");
            outputs.Add(output.Text);
            try
            {
                grammar.Parse(output.Text);
            }
            catch (JsonSchemaValidationException e) when (e.Keyword == "json" && e.Message.Contains("duplicate", StringComparison.Ordinal))
            {
                // A grammar cannot forbid repeating an additional property's key (a documented limit); Parse reports it.
                duplicateKeys++;
                continue;
            }
            catch (JsonSchemaValidationException e)
            {
                Assert.Fail($"{what}: Parse rejected what llama.cpp sampled under the grammar: {output.Text}\n{e.Message}");
            }
            using var doc = JsonDocument.Parse(output.Text);
            Assert.True(independent.Evaluate(doc.RootElement, evaluation).IsValid,
                $"{what}: JsonSchema.Net rejects what llama.cpp sampled under the grammar: {output.Text}");
        }
        Assert.True(duplicateKeys <= SeedsPerSchema / 4, $"{name}: {duplicateKeys} of {SeedsPerSchema} outputs repeated a key");
        Assert.True(outputs.Count > 1 || name is "null" or "boolean" or "const-string" or "const-object" or "enum-mixed" or "enum-with-type",
            $"{name}: every seed gave the same output");
    }
}
