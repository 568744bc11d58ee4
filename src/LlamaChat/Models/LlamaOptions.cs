using Microsoft.Extensions.Logging;

namespace LlamaChat.Models;

/// <summary>Options for <see cref="Llama.GetLlamaAsync"/>.</summary>
public sealed record LlamaOptions
{
    /// <summary>The compute backend. Default <see cref="GpuType.Auto"/>.</summary>
    public GpuType Gpu { get; init; } = GpuType.Auto;

    /// <summary>Where llama.cpp's log and LlamaChat's own messages go. Default: nowhere.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The least severe llama.cpp log level passed to <see cref="Logger"/>. Default <see cref="LogLevel.Warning"/>.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>
    /// The most threads llama.cpp may use; contexts default to it. Default: the machine's physical core count (extra
    /// hyper-threads only slow llama.cpp down). On a busy or small machine, fewer threads are often faster.
    /// </summary>
    public int? MaxThreads { get; init; }
}
