using System.Diagnostics;
using LlamaChat.Chat;
using LlamaChat.Evaluation;
using LlamaChat.Models;

namespace LlamaChat.Benchmarks;

/// <summary>One turn of the multi-turn run.</summary>
internal sealed record TurnMeasurement(int Turn, long InputTokens, double FirstTokenMilliseconds, int ContextTokens)
{
    /// <summary>The same evaluation (as many tokens, after as many) straight on the sequence: what llama.cpp itself needs.</summary>
    public double BaselineMilliseconds { get; init; }

    /// <summary>Each turn's fastest times over several runs of the same turns, as the other variants keep their best run.</summary>
    public static List<TurnMeasurement> Best(IReadOnlyList<List<TurnMeasurement>> runs) =>
        runs[0].Select((turn, i) => turn with
        {
            FirstTokenMilliseconds = runs.Min(run => run[i].FirstTokenMilliseconds),
            BaselineMilliseconds = runs.Min(run => run[i].BaselineMilliseconds),
        }).ToList();
}

/// <summary>
/// Eight chat turns with a user message of constant length: each turn should evaluate only the new message and its
/// template glue, and its time to first token should not grow with the history.
/// </summary>
internal static class MultiTurnRun
{
    public const int Turns = 8;
    public const int MessageTokens = 64;
    public const int AnswerTokens = 32;

    public static async Task<List<TurnMeasurement>> RunAsync(string modelPath, int threads)
    {
        using var runtime = await BenchRuntime.OpenAsync(modelPath, threads, 4096);
        var (model, context) = (runtime.Model, runtime.Context);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { SystemPrompt = "Be brief." });
        var message = BenchPrompt.Text(model, MessageTokens);
        // Warm-up, as in the other variants: two turns, so that the code a later turn runs (reusing the cached context) is
        // compiled before it is timed, as in a long-running app.
        for (var i = 0; i < 2; i++) await session.PromptAsync("Hi", new PromptOptions { MaxTokens = Variants.WarmupTokens / 2 });
        session.ResetChatHistory();
        await session.Sequence.ClearHistoryAsync();

        var turns = new List<TurnMeasurement>();
        for (var turn = 1; turn <= Turns; turn++)
        {
            var before = session.Sequence.TokenMeter.GetState();
            var clock = Stopwatch.StartNew();
            double firstToken = 0;
            await session.PromptAsync(message, new PromptOptions
            {
                MaxTokens = AnswerTokens,
                OnResponseChunk = _ => { if (firstToken == 0) firstToken = clock.Elapsed.TotalMilliseconds; },
            });
            turns.Add(new TurnMeasurement(turn, session.Sequence.TokenMeter.Diff(before).InputTokens, firstToken, session.Sequence.NextTokenIndex));
        }

        // Attention over a longer context costs llama.cpp more per token: measure that alone for each turn.
        var sequence = session.Sequence;
        var filler = BenchPrompt.Tokens(model.VocabularySize, 4096);
        for (var i = 0; i < turns.Count; i++)
        {
            var start = i == 0 ? 0 : turns[i - 1].ContextTokens;
            await sequence.ClearHistoryAsync();
            if (start > 0) await sequence.EvaluateWithoutGeneratingNewTokensAsync(filler[..start]);
            var clock = Stopwatch.StartNew();
            await foreach (var _ in sequence.EvaluateAsync(filler[start..(start + (int)turns[i].InputTokens)])) break;
            turns[i] = turns[i] with { BaselineMilliseconds = clock.Elapsed.TotalMilliseconds };
        }
        return turns;
    }
}
