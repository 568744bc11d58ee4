namespace LlamaChat.Evaluation;

/// <summary>Options for <see cref="Models.LlamaModel.CreateContextAsync"/>.</summary>
public sealed record LlamaContextOptions
{
    /// <summary>
    /// Tokens each sequence can hold. <c>null</c> (the default) picks the largest size up to the model's training
    /// context that fits in free memory, within <see cref="MinContextSize"/> and <see cref="MaxContextSize"/>.
    /// </summary>
    public int? ContextSize { get; init; }

    /// <summary>The smallest automatic context size acceptable. Default 256.</summary>
    public int MinContextSize { get; init; } = 256;

    /// <summary>The largest automatic context size. Default: the model's training context size.</summary>
    public int? MaxContextSize { get; init; }

    /// <summary>Number of independent sequences (conversations) sharing the context. Default 1.</summary>
    public int Sequences { get; init; } = 1;

    /// <summary>The most tokens decoded in one llama.cpp call. Default <c>min(ContextSize × Sequences, 512)</c>.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Threads for evaluation. Default: <see cref="Models.Llama.MaxThreads"/>.</summary>
    public int? Threads { get; init; }

    /// <summary>Flash attention: <c>null</c> lets llama.cpp decide (the default).</summary>
    public bool? FlashAttention { get; init; }

    /// <summary>Type of the KV cache's keys (a GGML type id; default F16).</summary>
    public KvCacheType KeyCacheType { get; init; } = KvCacheType.F16;

    /// <summary>Type of the KV cache's values (a GGML type id; default F16).</summary>
    public KvCacheType ValueCacheType { get; init; } = KvCacheType.F16;

    /// <summary>Keep llama.cpp's performance counters. Default false.</summary>
    public bool PerformanceTracking { get; init; }
}

/// <summary>Element types for the KV cache.</summary>
public enum KvCacheType
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    BF16 = 30,
}
