namespace LlamaChat.Models;

/// <summary>Options for <see cref="Llama.LoadModelAsync"/>.</summary>
public sealed record LlamaModelOptions
{
    /// <summary>Creates options for the model file at <paramref name="modelPath"/>.</summary>
    public LlamaModelOptions(string modelPath) => ModelPath = modelPath;

    /// <summary>Path of the GGUF file (the first part, for a split model).</summary>
    public string ModelPath { get; init; }

    /// <summary>Layers to offload to the GPU. Default <see cref="Models.GpuLayers.Auto"/>.</summary>
    public GpuLayers GpuLayers { get; init; } = GpuLayers.Auto;

    /// <summary>Memory-map the file instead of reading it (faster loads, shared pages). Default true where supported.</summary>
    public bool UseMmap { get; init; } = true;

    /// <summary>Lock the model in RAM so the OS never swaps it out. Default false.</summary>
    public bool UseMlock { get; init; }

    /// <summary>Load only the vocabulary: enough to tokenize, not to evaluate. Default false.</summary>
    public bool VocabOnly { get; init; }

    /// <summary>GGUF metadata values to override (bool, integer, floating-point or string, keyed by GGUF key).</summary>
    public IReadOnlyDictionary<string, object>? MetadataOverrides { get; init; }

    /// <summary>Called with the load progress, from 0 to 1.</summary>
    public Action<float>? OnLoadProgress { get; init; }

    /// <summary>Receives the load progress, from 0 to 1.</summary>
    public IProgress<float>? Progress { get; init; }
}
