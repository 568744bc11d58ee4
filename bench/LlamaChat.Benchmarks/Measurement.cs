namespace LlamaChat.Benchmarks;

/// <summary>One variant's numbers: prompt and generation speed, time to first token, peak memory.</summary>
internal sealed record Measurement(double PromptTokensPerSecond, double GenerationTokensPerSecond, double FirstTokenMilliseconds, double PeakMemoryMegabytes);
