using LlamaChat.Evaluation;
using LlamaChat.Models;

namespace LlamaChat.Benchmarks;

/// <summary>The benchmark model loaded on the CPU with one context; disposing it disposes all three.</summary>
internal sealed record BenchRuntime(Llama Llama, LlamaModel Model, LlamaContext Context) : IDisposable
{
    public static async Task<BenchRuntime> OpenAsync(string modelPath, int threads, int contextSize)
    {
        var llama = await Llama.GetLlamaAsync(new LlamaOptions { MaxThreads = threads });
        var model = await llama.LoadModelAsync(new LlamaModelOptions(modelPath) { GpuLayers = 0 });
        var context = await model.CreateContextAsync(new LlamaContextOptions { ContextSize = contextSize, Threads = threads, BatchSize = 512 });
        return new BenchRuntime(llama, model, context);
    }

    public void Dispose() => Llama.Dispose();
}
