using LlamaChat.Models;

namespace LlamaChat.Evaluation;

/// <summary>
/// Picks the context size: checks an explicit size, or finds the largest automatic size whose KV cache and
/// working buffers fit in the memory that is free now.
/// </summary>
internal static class ContextSizeResolver
{
    /// <summary>No model needs more; anything above is a mistake (and would overflow llama.cpp's sizes).</summary>
    public const int AbsoluteMaximum = 1 << 24;

    public static int Resolve(LlamaModel model, LlamaContextOptions options)
    {
        if (options.Sequences is < 1 or > 256)
            throw new ContextCreationException($"Sequences must be between 1 and 256; got {options.Sequences}.");
        if (options.ContextSize is { } size)
        {
            if (size < 1)
                throw new ContextCreationException($"The context size must be positive; got {size}.");
            if (size > AbsoluteMaximum)
                throw new ContextCreationException($"The context size {size} is absurdly large (the limit is {AbsoluteMaximum} tokens).");
            var needed = EstimateBytes(model, size, options);
            var available = AvailableMemoryBytes();
            if (needed > available)
                throw new ContextCreationException(
                    $"A context of {size} tokens × {options.Sequences} sequences needs about {needed / (1 << 20)} MiB, " +
                    $"but only {available / (1 << 20)} MiB of memory is free. Use a smaller ContextSize.");
            return size;
        }

        var min = Math.Max(1, options.MinContextSize);
        var max = Math.Min(options.MaxContextSize ?? int.MaxValue, model.TrainContextSize > 0 ? model.TrainContextSize : 4096);
        if (max < min)
            throw new ContextCreationException($"MaxContextSize ({max}) is below MinContextSize ({min}).");
        var free = AvailableMemoryBytes();
        for (var candidate = max; candidate >= min; candidate = candidate == min ? min - 1 : Math.Max(min, candidate * 3 / 4))
        {
            if (EstimateBytes(model, candidate, options) <= free) return candidate;
        }
        throw new ContextCreationException(
            $"Not even the minimum context of {min} tokens fits in the {free / (1 << 20)} MiB of free memory.");
    }

    /// <summary>KV cache (keys and values for every layer) plus the logits and compute buffers of one batch.</summary>
    public static long EstimateBytes(LlamaModel model, int contextSize, LlamaContextOptions options)
    {
        var native = model.Native;
        var kvWidth = (long)native.EmbeddingSize * Math.Max(1, native.KvHeadCount) / Math.Max(1, native.HeadCount);
        var cells = (long)contextSize * options.Sequences;
        var kv = (long)(cells * native.LayerCount * kvWidth * (BytesPer(options.KeyCacheType) + BytesPer(options.ValueCacheType)));
        var batch = Math.Min(options.BatchSize ?? 512, cells); // as LlamaContext clamps it
        var compute = batch * (long)model.VocabularySize * sizeof(float) + batch * native.EmbeddingSize * 64L;
        return kv + compute;
    }

    private static double BytesPer(KvCacheType type) => type switch
    {
        KvCacheType.F32 => 4,
        KvCacheType.F16 or KvCacheType.BF16 => 2,
        KvCacheType.Q8_0 => 34.0 / 32,
        KvCacheType.Q5_0 or KvCacheType.Q5_1 => 24.0 / 32,
        _ => 20.0 / 32,
    };

    private static long AvailableMemoryBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
