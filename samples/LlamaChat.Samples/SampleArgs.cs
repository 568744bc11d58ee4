using LlamaChat.Models;

namespace LlamaChat.Samples;

/// <summary>What every sample gets from the command line.</summary>
/// <param name="ModelPath">The GGUF model to use.</param>
/// <param name="LlamaOptions">Backend options (the thread count given with <c>--threads</c>).</param>
public sealed record SampleArgs(string ModelPath, LlamaOptions LlamaOptions);
