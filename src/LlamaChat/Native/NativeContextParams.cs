namespace LlamaChat.Native;

/// <summary>Parameters for <see cref="NativeContext.Create"/>, in llama.cpp's terms.</summary>
internal sealed record NativeContextParams(
    int ContextSize,
    int Sequences,
    int BatchSize,
    int Threads,
    int BatchThreads,
    int FlashAttention, // -1 auto, 0 off, 1 on
    int? KeyCacheType,
    int? ValueCacheType,
    bool PerformanceTracking);

/// <summary>What <see cref="NativeContext.Decode"/> reports, mirroring llama.cpp's return codes.</summary>
internal enum NativeDecodeResult
{
    Ok = 0,
    NoKvSlot = 1,
    Aborted = 2,
    InvalidBatch = -1,
    AllocationFailed = -2,
    Failed = -3,
}
