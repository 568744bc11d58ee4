using System.Diagnostics;
using LlamaChat.Evaluation;
using LlamaChat.Grammar;
using LlamaChat.Grammar.Gbnf;
using LlamaChat.Models;

namespace LlamaChat.Benchmarks;

/// <summary>
/// The <c>sequence</c> variant's work under a JSON-schema grammar: the same prompt, greedy generation, but every token
/// must keep the output valid for the schema. Compared with <c>sequence</c>, it shows what constraining costs.
/// </summary>
internal static class GrammarRun
{
    // Arrays of free strings and numbers: whatever the (random) model writes, the JSON can go on for the whole
    // generation instead of ending after a few tokens.
    public const string Schema = """
        {"type":"object","properties":{
          "words":{"type":"array","items":{"type":"string"}},
          "scores":{"type":"array","items":{"type":"number"}}}}
        """;

    public static async Task<Measurement> RunAsync(string modelPath, int threads, int promptTokens, int generateTokens)
    {
        using var runtime = await BenchRuntime.OpenAsync(modelPath, threads, promptTokens + generateTokens + 16);
        var (model, context) = (runtime.Model, runtime.Context);
        using var sequence = context.GetSequence();
        var prompt = BenchPrompt.Tokens(model.VocabularySize, promptTokens);
        var grammar = runtime.Llama.CreateGrammarForJsonSchema(Schema);
        var options = new EvaluateOptions { Sampling = new SamplingOptions { Grammar = grammar } };

        // Warm-up, as in the other variants (llama.cpp also parses the grammar here once).
        var warm = 0;
        await foreach (var _ in sequence.EvaluateAsync(prompt[..8], options)) if (++warm > Variants.WarmupTokens) break;
        await sequence.ClearHistoryAsync();

        // Timed exactly as the sequence variant: the first token closes the prompt phase, the next ones are generation.
        var clock = Stopwatch.StartNew();
        double promptSeconds = 0, firstToken = 0;
        var tokens = new List<int>();
        await foreach (var token in sequence.EvaluateAsync(prompt, options))
        {
            if (tokens.Count == 0)
            {
                promptSeconds = clock.Elapsed.TotalSeconds;
                firstToken = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
            }
            if (model.IsEogToken(token))
                throw new InvalidOperationException($"The grammar run ended after {tokens.Count} tokens: {model.Detokenize(tokens.ToArray())}");
            tokens.Add(token);
            if (tokens.Count == generateTokens + 1) break;
        }
        var generateSeconds = clock.Elapsed.TotalSeconds;
        var text = model.Detokenize(tokens.ToArray());
        if (!new GbnfMatcher(grammar.Definition).IsViablePrefix(text))
            throw new InvalidOperationException($"The grammar run wrote text the grammar does not allow: {text}");
        return new Measurement(promptTokens / promptSeconds, generateTokens / generateSeconds, firstToken, PeakMemory.Megabytes());
    }
}
