using LlamaChat.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlamaChat.Models;

/// <summary>
/// The entry point: llama.cpp's backend, initialised once per process, with its log routed to an
/// <see cref="ILogger"/>. Load models from here.
/// </summary>
public sealed class Llama : IDisposable
{
    private readonly List<LlamaModel> _models = [];
    private bool _disposed;

    private Llama(LlamaOptions options, GpuType gpu, string gpuReason)
    {
        Logger = options.Logger ?? NullLogger.Instance;
        LogLevel = options.LogLevel;
        MaxThreads = options.MaxThreads ?? CpuCores.Physical;
        Gpu = gpu;
        GpuReason = gpuReason;
    }

    /// <summary>Initialises llama.cpp (once per process) and returns a handle to it.</summary>
    /// <exception cref="LlamaChatException">The requested GPU backend is not available.</exception>
    public static Task<Llama> GetLlamaAsync(LlamaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LlamaOptions();
        if (options.MaxThreads is < 1 or > 512)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxThreads, "MaxThreads must be 1 to 512 (ggml's limit).");
        return Task.Run(() =>
        {
            NativeBackend.EnsureInitialized();
            var (gpu, reason) = ChooseGpu(options.Gpu, NativeBackend.SupportsGpuOffload);
            var llama = new Llama(options, gpu, reason);
            NativeBackend.LogSink = llama.WriteNativeLog;
            llama.Logger.LogInformation("llama.cpp backend: {Gpu} ({Reason})", gpu, reason);
            return llama;
        }, cancellationToken);
    }

    private static (GpuType, string) ChooseGpu(GpuType requested, bool gpuAvailable)
    {
        switch (requested)
        {
            case GpuType.Cpu:
                return (GpuType.Cpu, "the CPU was requested");
            case GpuType.Auto when !gpuAvailable:
                return (GpuType.Cpu, "no GPU backend is installed (add a LLamaSharp GPU backend package to use one)");
            case GpuType.Auto:
                return (OperatingSystem.IsMacOS() ? GpuType.Metal : GpuType.Cuda, "a GPU backend is installed");
            default:
                if (!gpuAvailable)
                    throw new LlamaChatException(
                        $"The {requested} backend was requested, but the loaded llama.cpp build supports no GPU offloading. " +
                        "Install the matching LLamaSharp backend package, or use GpuType.Auto or GpuType.Cpu.");
                return (requested, "requested");
        }
    }

    /// <summary>The backend in use.</summary>
    public GpuType Gpu { get; }

    /// <summary>Why <see cref="Gpu"/> was chosen, in words.</summary>
    public string GpuReason { get; }

    /// <summary>The most threads llama.cpp may use.</summary>
    public int MaxThreads { get; }

    /// <summary>Where logs go.</summary>
    public ILogger Logger { get; }

    /// <summary>The least severe llama.cpp log level passed on.</summary>
    public LogLevel LogLevel { get; }

    /// <summary>llama.cpp's description of the CPU features it was built with and detected.</summary>
    public string SystemInfo => NativeBackend.SystemInfo;

    /// <summary>Which native library variant was loaded (e.g. the AVX-512 build).</summary>
    public string NativeLibrary => NativeBackend.LoadedLibraryDescription;

    /// <summary>Whether models can be memory-mapped.</summary>
    public bool SupportsMmap => NativeBackend.SupportsMmap;

    /// <summary>Whether layers can be offloaded to a GPU.</summary>
    public bool SupportsGpuOffload => NativeBackend.SupportsGpuOffload;

    /// <summary>Loads a GGUF model.</summary>
    /// <exception cref="ModelFileException">The file is missing, a directory, or cannot be read.</exception>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF file (the message gives the byte offset).</exception>
    /// <exception cref="ModelLoadException">llama.cpp refused the model (e.g. an unsupported architecture).</exception>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public async Task<LlamaModel> LoadModelAsync(LlamaModelOptions options, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(options);
        var model = await LlamaModel.LoadAsync(this, options, cancellationToken).ConfigureAwait(false);
        lock (_models) _models.Add(model);
        return model;
    }

    internal void OnModelDisposed(LlamaModel model)
    {
        lock (_models) _models.Remove(model);
    }

    private void WriteNativeLog(NativeLogLevel level, string line)
    {
        var mapped = level switch
        {
            NativeLogLevel.Error => LogLevel.Error,
            NativeLogLevel.Warning => LogLevel.Warning,
            NativeLogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (mapped >= LogLevel && Logger.IsEnabled(mapped)) Logger.Log(mapped, "llama.cpp: {Line}", line);
    }

    /// <summary>Disposes every model loaded from here.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        LlamaModel[] models;
        lock (_models) models = [.. _models];
        foreach (var model in models) model.Dispose();
    }
}
