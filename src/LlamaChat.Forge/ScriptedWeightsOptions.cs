using LlamaChat.Gguf;

namespace LlamaChat.Forge;

/// <summary>Tuning of the weights of a scripted forged model; the defaults are verified with llama.cpp.</summary>
public sealed record ScriptedWeightsOptions
{
    /// <summary>
    /// The embedding width, or <c>null</c> (default) for the smallest multiple of 32 (at least 64) that holds one
    /// dimension per script token, one default dimension and one state dimension per marker.
    /// </summary>
    public int? EmbeddingLength { get; init; }

    /// <summary>The number of layers (default 1). Layers after the first pass the residual through unchanged.</summary>
    public int LayerCount { get; init; } = 1;

    /// <summary>
    /// The storage type of the two vocabulary-sized tables (<c>token_embd</c> and <c>output</c>): F32, F16 or BF16, or
    /// <c>null</c> (default) for F32 up to 16 MiB per table and F16 beyond. All script weights are exact in F16.
    /// </summary>
    public GgmlType? TableType { get; init; }

    /// <summary>The attention score of the marker head for a marker position (default 40: the softmax saturates for any context length).</summary>
    public float MarkerScore { get; init; } = 40f;
}
