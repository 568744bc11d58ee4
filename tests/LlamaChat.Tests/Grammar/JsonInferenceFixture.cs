using LlamaChat.Evaluation;
using LlamaChat.Models;

namespace LlamaChat.Tests.Grammar;

/// <summary>One context (one sequence, 1 thread) on <see cref="JsonInferenceModel"/> for a whole test class.</summary>
public sealed class JsonInferenceFixture : IAsyncLifetime
{
    public LlamaModel Model { get; private set; } = null!;
    public LlamaContext Context { get; private set; } = null!;
    public LlamaContextSequence Sequence { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await JsonInferenceModel.LoadAsync();
        Context = await Model.CreateContextAsync(new LlamaContextOptions { ContextSize = 1024, Threads = 1, BatchSize = 256 });
        Sequence = Context.GetSequence();
    }

    public async Task DisposeAsync()
    {
        Sequence.Dispose();
        await Context.DisposeAsync();
    }
}
