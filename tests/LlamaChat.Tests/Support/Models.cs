using LlamaChat.Evaluation;
using LlamaChat.Models;

namespace LlamaChat.Tests.Support;

/// <summary>Shared llama.cpp handles for tests: one backend, models loaded once, contexts with 1 thread.</summary>
public static class TestModels
{
    private static readonly Lazy<Task<Llama>> LlamaInstance = new(() => Llama.GetLlamaAsync(new LlamaOptions { MaxThreads = 1 }));
    private static readonly Dictionary<string, Task<LlamaModel>> Loaded = [];

    public static Task<Llama> GetLlamaAsync() => LlamaInstance.Value;

    /// <summary>A model shared by tests (never dispose it).</summary>
    public static Task<LlamaModel> SharedAsync(string path)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(path, out var task))
                Loaded[path] = task = LoadAsync(path);
            return task;
        }
    }

    private static async Task<LlamaModel> LoadAsync(string path)
    {
        var llama = await GetLlamaAsync();
        return await llama.LoadModelAsync(new LlamaModelOptions(path));
    }

    public static async Task<LlamaModel> StoriesAsync() => await SharedAsync(TestPaths.RequireFixture("models", "stories260K.gguf"));

    public static Task<LlamaContext> ContextAsync(LlamaModel model, int contextSize = 512, int sequences = 1, int? batchSize = null) =>
        model.CreateContextAsync(new LlamaContextOptions { ContextSize = contextSize, Sequences = sequences, Threads = 1, BatchSize = batchSize });
}
