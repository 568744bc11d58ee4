using LlamaChat.Evaluation;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Runtime;

public class SequenceTests
{
    private static async Task<List<int>> Generate(LlamaContextSequence sequence, IReadOnlyList<int> prompt, int count,
        SamplingOptions? sampling = null, CancellationToken cancellationToken = default)
    {
        var output = new List<int>();
        await foreach (var token in sequence.EvaluateAsync(prompt, new EvaluateOptions { Sampling = sampling ?? new() }, cancellationToken))
        {
            output.Add(token);
            if (output.Count == count) break;
        }
        return output;
    }

    [SkippableFact]
    public async Task ReusesTheKvPrefixAndEvaluatesOnlyNewTokens()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var first = model.TokenizeWithBos("Once upon a time there was a little girl");
        await sequence.EvaluateWithoutGeneratingNewTokensAsync(first);
        Assert.Equal(first, sequence.ContextTokens);
        Assert.Equal(first.Length, sequence.TokenMeter.InputTokens);

        int[] second = [.. first, .. model.Tokenize(" named Lily", trimLeadingSpace: true)];
        var before = sequence.TokenMeter.GetState();
        var kept = await sequence.AdaptStateToTokensAsync(second);
        Assert.Equal(first.Length, kept);
        var generated = await Generate(sequence, second[kept..], 1);
        Assert.Single(generated);
        Assert.Equal(second.Length - first.Length, sequence.TokenMeter.Diff(before).InputTokens);
        Assert.Equal(second, sequence.ContextTokens);

        // A diverging prompt keeps only the common prefix.
        int[] third = [.. first[..3], .. model.Tokenize(" dog", trimLeadingSpace: true)];
        Assert.Equal(3, await sequence.AdaptStateToTokensAsync(third));
        Assert.Equal(first[..3], sequence.ContextTokens);
    }

    [SkippableFact]
    public async Task TwoSequencesGenerateDifferentTextsInSharedBatches()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model, sequences: 2);
        var promptA = model.TokenizeWithBos("Once upon a time");
        var promptB = model.TokenizeWithBos("The dog was");

        // Reference outputs, one sequence at a time.
        List<int> aloneA, aloneB;
        using (var s = context.GetSequence())
        {
            aloneA = await Generate(s, promptA, 16);
            await s.ClearHistoryAsync();
            aloneB = await Generate(s, promptB, 16);
        }
        Assert.Equal(2, context.SequencesLeft);

        using var a = context.GetSequence();
        using var b = context.GetSequence();
        Assert.Equal(0, context.SequencesLeft);
        Assert.Throws<InsufficientContextException>(() => context.GetSequence());
        var decodesBefore = context.Scheduler.DecodeCount;
        var results = await Task.WhenAll(Generate(a, promptA, 16), Generate(b, promptB, 16));
        // 2 × 16 evaluations: one decode each if the sequences took turns, about half as many when they share batches.
        Assert.True(context.Scheduler.DecodeCount - decodesBefore <= 24, $"{context.Scheduler.DecodeCount - decodesBefore} decodes");
        Assert.Equal(aloneA, results[0]);
        Assert.Equal(aloneB, results[1]);
        Assert.NotEqual(results[0], results[1]);
    }

    [SkippableFact]
    public async Task DisposedSequenceFreesItsSlotAndCells()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        var first = context.GetSequence();
        await first.EvaluateWithoutGeneratingNewTokensAsync(model.TokenizeWithBos("Hello there"));
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.EvaluateAsync([1]).GetAsyncEnumerator().MoveNextAsync().AsTask().GetAwaiter().GetResult());
        using var second = context.GetSequence();
        Assert.Equal(first.Id, second.Id);
        Assert.Empty(second.ContextTokens);
        var reference = await Generate(second, model.TokenizeWithBos("Once upon a time"), 8);
        Assert.Equal(8, reference.Count);
    }

    [SkippableFact]
    public async Task DisposingASequenceDuringGenerationStopsIt()
    {
        // The generation went on with the released sequence id: disposed inside the loop it never ended, and
        // disposed from another thread its tokens reached the KV cache of the id's next owner (InvalidBatch).
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        var sequence = context.GetSequence();
        var count = 0;
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var _ in sequence.EvaluateAsync(model.TokenizeWithBos("Once upon a time")))
            {
                if (++count == 3) sequence.Dispose();
                if (count == 100) break; // without the fix it never stops
            }
        });
        Assert.Equal(3, count);

        sequence = context.GetSequence();
        using var started = new SemaphoreSlim(0);
        var generating = Task.Run(async () =>
        {
            await foreach (var _ in sequence.EvaluateAsync(model.TokenizeWithBos("Once upon a time")))
                if (started.CurrentCount == 0) started.Release();
        });
        await started.WaitAsync();
        sequence.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => generating);

        using var next = context.GetSequence();
        Assert.Equal(sequence.Id, next.Id);
        Assert.Equal(8, (await Generate(next, model.TokenizeWithBos("Once upon a time"), 8)).Count);
    }

    [SkippableFact]
    public async Task ContextShiftsWhenTheSequenceIsFull()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 64);
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Once upon a time");
        var total = context.ContextSize + 60;
        var output = await Generate(sequence, prompt, total);
        Assert.Equal(total, output.Count);
        var tokens = sequence.ContextTokens;
        Assert.True(tokens.Count <= context.ContextSize);
        Assert.True(sequence.TokenMeter.InputTokens > prompt.Length); // shifted tokens count as input
        Assert.Equal(model.Tokens.Bos, tokens[0]); // BOS survives the shift
        // The last tokens evaluated are the last generated ones (all but the final, which was never evaluated).
        Assert.Equal(output[^10..^1], tokens.Skip(tokens.Count - 9));
    }

    [SkippableFact]
    public async Task CustomContextShiftStrategyIsUsed()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 32);
        var calls = 0;
        using var sequence = context.GetSequence(new ContextShiftOptions
        {
            Size = _ => 10,
            Strategy = (seq, size) => { calls++; return [new TokenRange(seq.NextTokenIndex - size - 5, seq.NextTokenIndex - 5)]; },
        });
        var prompt = model.TokenizeWithBos("Once upon a time");
        await Generate(sequence, prompt, context.ContextSize + 30);
        Assert.True(calls >= 3);
        Assert.Equal(prompt[..4], sequence.ContextTokens.Take(4));
    }

    [SkippableFact]
    public async Task CancellationStopsGenerationAndKeepsTheMirrorTrue()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        using var cts = new CancellationTokenSource();
        var output = new List<int>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var token in sequence.EvaluateAsync(model.TokenizeWithBos("Once upon a time"), null, cts.Token))
            {
                output.Add(token);
                if (output.Count == 5) cts.Cancel();
            }
        });
        Assert.Equal(5, output.Count);
        var mirror = sequence.ContextTokens;
        // The mirror matches the KV cache: continuing from it works and gives the same as a fresh evaluation.
        var continued = await Generate(sequence, [output[^1]], 5);
        await sequence.ClearHistoryAsync();
        var fresh = await Generate(sequence, [.. mirror, output[^1]], 5);
        Assert.Equal(fresh, continued);
    }

    [SkippableFact]
    public async Task CancellationStopsALongPromptEvaluation()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 2048, batchSize: 2048);
        using var sequence = context.GetSequence();
        var text = string.Concat(Enumerable.Repeat("Once upon a time there was a little girl named Lily. ", 200));
        var prompt = model.TokenizeWithBos(text)[..2000];
        using var cts = new CancellationTokenSource();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var evaluation = sequence.EvaluateWithoutGeneratingNewTokensAsync(prompt, null, cts.Token);
        cts.CancelAfter(20);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluation);
        stopwatch.Stop();
        // The abort callback stopped llama.cpp inside the decode; the mirror was resynced with the KV cache.
        Assert.True(sequence.ContextTokens.Count < prompt.Length, $"{sequence.ContextTokens.Count} tokens were kept");
        Assert.Equal(prompt[..sequence.ContextTokens.Count], sequence.ContextTokens);
        var continued = await Generate(sequence, [prompt[0]], 1); // the sequence stays usable
        Assert.Single(continued);
    }
}
