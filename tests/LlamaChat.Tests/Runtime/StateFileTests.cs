using LlamaChat.Evaluation;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Runtime;

public class StateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llamachat-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<List<int>> Generate(LlamaContextSequence sequence, IReadOnlyList<int> prompt, int count)
    {
        var output = new List<int>();
        await foreach (var token in sequence.EvaluateAsync(prompt))
        {
            output.Add(token);
            if (output.Count == count) break;
        }
        return output;
    }

    private async Task<(string Path, int[] Tokens, List<int> Continuation)> SaveStoryState(int minTokens = 0)
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var sequence = context.GetSequence();
        var text = "Once upon a time there was a little girl named Lily.";
        while (model.TokenizeWithBos(text).Length < minTokens) text += " She liked to play in the park with her dog.";
        var prompt = model.TokenizeWithBos(text);
        await sequence.EvaluateWithoutGeneratingNewTokensAsync(prompt[..^1]);
        var path = Path.Combine(_dir, $"state-{Guid.NewGuid():N}.bin");
        var size = await sequence.SaveStateToFileAsync(path);
        Assert.Equal(new FileInfo(path).Length, size);
        var continuation = await Generate(sequence, [prompt[^1]], 10);
        return (path, prompt, continuation);
    }

    [SkippableFact]
    public async Task ASecondContextContinuesFromTheFileWithoutReevaluating()
    {
        var (path, prompt, continuation) = await SaveStoryState();
        var model = await TestModels.StoriesAsync();
        await using var other = await TestModels.ContextAsync(model, contextSize: 512);
        using var sequence = other.GetSequence();
        await sequence.LoadStateFromFileAsync(path, acceptRisk: true);
        Assert.Equal(prompt[..^1], sequence.ContextTokens);
        Assert.Equal(0, sequence.TokenMeter.InputTokens);
        var resumed = await Generate(sequence, [prompt[^1]], 10);
        Assert.Equal(1, sequence.TokenMeter.InputTokens); // only the one new token was evaluated
        Assert.Equal(continuation, resumed);
    }

    [SkippableFact]
    public async Task RefusesWithoutAcceptRisk()
    {
        var (path, _, _) = await SaveStoryState();
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var e = await Assert.ThrowsAsync<StateFileException>(() => sequence.LoadStateFromFileAsync(path, acceptRisk: false));
        Assert.Contains("acceptRisk", e.Message);
        Assert.Empty(sequence.ContextTokens);
    }

    [SkippableFact]
    public async Task RefusesAFileOfAnotherModel()
    {
        var (path, _, _) = await SaveStoryState();
        var other = await TestModels.SharedAsync(TestPaths.RequireFixture("models", "llama-2-tiny-random.gguf"));
        await using var context = await TestModels.ContextAsync(other);
        using var sequence = context.GetSequence();
        var e = await Assert.ThrowsAsync<StateFileException>(() => sequence.LoadStateFromFileAsync(path, acceptRisk: true));
        Assert.Contains("different model", e.Message);
    }

    [SkippableFact]
    public async Task RefusalByLlamaCppSaysWhy()
    {
        // llama.cpp only logged its reason; the exception just said "refused".
        var (path, prompt, _) = await SaveStoryState();
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model, sequences: 2);
        using var sequence = context.GetSequence();
        await sequence.EvaluateWithoutGeneratingNewTokensAsync(prompt[..5]);
        var e = await Assert.ThrowsAsync<StateFileException>(() => sequence.LoadStateFromFileAsync(path, acceptRisk: true));
        Assert.Contains("same number of sequences", e.Message);
        // llama.cpp's own reason ("n_stream mismatch") comes from its shared log, which tests running in parallel also use.
        Assert.Equal(prompt[..5], sequence.ContextTokens); // left as it was
        Assert.Equal(3, (await Generate(sequence, [prompt[5]], 3)).Count);
    }

    [SkippableFact]
    public async Task RefusesAFileLargerThanTheContext()
    {
        var model = await TestModels.StoriesAsync();
        await using var small = await TestModels.ContextAsync(model, contextSize: 256);
        var (path, prompt, _) = await SaveStoryState(minTokens: small.ContextSize + 10);
        using var sequence = small.GetSequence();
        await sequence.EvaluateWithoutGeneratingNewTokensAsync(prompt[..5]);
        var e = await Assert.ThrowsAsync<StateFileException>(() => sequence.LoadStateFromFileAsync(path, acceptRisk: true));
        Assert.Contains("more than this sequence's context", e.Message);
        Assert.Equal(prompt[..5], sequence.ContextTokens); // left as it was
    }

    [SkippableFact]
    public async Task RefusesTruncatedAndForeignFiles()
    {
        var (path, _, _) = await SaveStoryState();
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();

        var truncated = Path.Combine(_dir, "truncated.bin");
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var e1 = await Assert.ThrowsAsync<StateFileException>(() => sequence.LoadStateFromFileAsync(truncated, acceptRisk: true));
        Assert.Contains("truncated", e1.Message);

        var corrupt = Path.Combine(_dir, "corrupt.bin");
        bytes[^100] ^= 0xFF;
        await File.WriteAllBytesAsync(corrupt, bytes);
        var e2 = await Assert.ThrowsAsync<StateFileException>(() => sequence.LoadStateFromFileAsync(corrupt, acceptRisk: true));
        Assert.Contains("checksum", e2.Message);

        var foreign = Path.Combine(_dir, "foreign.bin");
        await File.WriteAllBytesAsync(foreign, [.. Enumerable.Range(0, 500).Select(i => (byte)i)]);
        var e3 = await Assert.ThrowsAsync<StateFileException>(() => sequence.LoadStateFromFileAsync(foreign, acceptRisk: true));
        Assert.Contains("not a LlamaChat", e3.Message);

        await Assert.ThrowsAsync<StateFileException>(() => sequence.LoadStateFromFileAsync(Path.Combine(_dir, "missing.bin"), acceptRisk: true));
        Assert.Empty(sequence.ContextTokens);
    }
}
