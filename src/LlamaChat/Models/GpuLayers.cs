namespace LlamaChat.Models;

/// <summary>How many model layers to offload to the GPU: <see cref="Auto"/>, <see cref="Max"/> or a number.</summary>
public readonly record struct GpuLayers
{
    private GpuLayers(int? count, bool max) { Count = count; IsMax = max; }

    /// <summary>As many layers as fit with room for a useful context (all of them on a CPU-only build: none are offloaded).</summary>
    public static GpuLayers Auto => default;

    /// <summary>Every layer.</summary>
    public static GpuLayers Max => new(null, true);

    /// <summary>Exactly <paramref name="count"/> layers (0 keeps the model on the CPU).</summary>
    public static GpuLayers Of(int count) =>
        count < 0 ? throw new ArgumentOutOfRangeException(nameof(count), count, "The layer count cannot be negative.") : new(count, false);

    /// <summary>The explicit layer count, when one was given.</summary>
    public int? Count { get; }

    /// <summary>Whether every layer was asked for.</summary>
    public bool IsMax { get; }

    /// <summary>Whether the count is left to LlamaChat.</summary>
    public bool IsAuto => Count is null && !IsMax;

    public static implicit operator GpuLayers(int count) => Of(count);

    /// <inheritdoc />
    public override string ToString() => IsMax ? "max" : Count?.ToString() ?? "auto";
}
