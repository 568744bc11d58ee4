using LlamaChat.Evaluation;
using LlamaChat.Grammar;

namespace LlamaChat.Tests.Grammar;

/// <summary>
/// Samples one grammar-constrained output straight from a sequence (no chat session): generation ends at an
/// end-of-generation token, at one of the grammar's stop triggers, or at the token cap.
/// </summary>
public static class JsonInferenceSampler
{
    /// <summary>Why a sampled output ended.</summary>
    public enum End { StopTrigger, EndOfGeneration, TokenCap }

    /// <summary>One sampled output.</summary>
    /// <param name="Text">The text before the stop trigger (or everything, when none was reached).</param>
    /// <param name="TokenCount">Tokens generated, not counting an end-of-generation token.</param>
    /// <param name="Reason">Why generation ended.</param>
    public sealed record Output(string Text, int TokenCount, End Reason);

    public static async Task<Output> SampleAsync(LlamaContextSequence sequence, IReadOnlyList<int> prompt, LlamaGrammar grammar,
        SamplingOptions sampling, int maxTokens)
    {
        await sequence.ClearHistoryAsync();
        var model = sequence.Model;
        var options = new EvaluateOptions { Sampling = sampling with { Grammar = grammar } };
        var generated = new List<int>();
        await foreach (var token in sequence.EvaluateAsync(prompt, options))
        {
            if (model.IsEogToken(token))
                return new Output(model.Detokenize(generated.ToArray()), generated.Count, End.EndOfGeneration);
            generated.Add(token);
            // Decode everything so far: a trigger can span tokens, and a token can hold part of a character.
            var text = model.Detokenize(generated.ToArray());
            foreach (var trigger in grammar.StopGenerationTriggers)
            {
                var at = text.IndexOf(trigger, StringComparison.Ordinal);
                if (at >= 0) return new Output(text[..at], generated.Count, End.StopTrigger);
            }
            if (generated.Count >= maxTokens) return new Output(text, generated.Count, End.TokenCap);
        }
        throw new InvalidOperationException("EvaluateAsync ended without an end-of-generation token.");
    }
}
