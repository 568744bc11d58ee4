using System.Diagnostics;
using System.Numerics.Tensors;
using LlamaChat.Native;

namespace LlamaChat.Benchmarks;

/// <summary>
/// The baseline: the least code that evaluates a prompt and generates greedily, straight on the native layer —
/// no scheduler, no sequence bookkeeping, no async.
/// </summary>
internal static class MinimalDecodeLoop
{
    public static Measurement Run(string modelPath, int threads, int promptTokens, int generateTokens)
    {
        using var model = NativeModel.Load(new NativeModelLoadParams(modelPath, 0, true, false, false, null, null));
        using var context = NativeContext.Create(model, new NativeContextParams(
            promptTokens + generateTokens + 16, 1, 512, threads, threads, -1, null, null, false));
        var prompt = BenchPrompt.Tokens(model.VocabularySize, promptTokens);
        // Warm-up (JIT down to the optimized tier, first-use allocations in llama.cpp), then start from an empty cache.
        context.ClearBatch();
        var warm = 0;
        for (var i = 0; i < 8; i++) warm = context.AddToBatch(prompt[i], i, 0, i == 7);
        Check(context.Decode());
        for (var i = 0; i < Variants.WarmupTokens; i++)
        {
            var next = TensorPrimitives.IndexOfMax(context.GetLogits(warm));
            context.ClearBatch();
            warm = context.AddToBatch(next, 8 + i, 0, true);
            Check(context.Decode());
        }
        context.RemoveTokens(0, -1, -1);

        var clock = Stopwatch.StartNew();
        var position = 0;
        var logitIndex = 0;
        for (var start = 0; start < prompt.Length; start += context.BatchSize)
        {
            context.ClearBatch();
            var end = Math.Min(prompt.Length, start + context.BatchSize);
            for (var i = start; i < end; i++) logitIndex = context.AddToBatch(prompt[i], position++, 0, i == prompt.Length - 1);
            Check(context.Decode());
        }
        var token = TensorPrimitives.IndexOfMax(context.GetLogits(logitIndex));
        var promptSeconds = clock.Elapsed.TotalSeconds;
        var firstToken = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        for (var i = 0; i < generateTokens; i++)
        {
            context.ClearBatch();
            var index = context.AddToBatch(token, position++, 0, true);
            Check(context.Decode());
            token = TensorPrimitives.IndexOfMax(context.GetLogits(index));
        }
        var generateSeconds = clock.Elapsed.TotalSeconds;
        return new Measurement(promptTokens / promptSeconds, generateTokens / generateSeconds, firstToken, PeakMemory.Megabytes());
    }

    private static void Check(NativeDecodeResult result)
    {
        if (result != NativeDecodeResult.Ok) throw new InvalidOperationException($"decode failed: {result}");
    }
}
