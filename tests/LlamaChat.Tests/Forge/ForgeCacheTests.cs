using LlamaChat.Forge;
using LlamaChat.Gguf;
using LlamaChat.Tests.Gguf;

namespace LlamaChat.Tests.Forge;

public class ForgeCacheTests
{
    [Fact]
    public async Task ModelsAreForgedOnceAndReused()
    {
        var cache = new ForgeCache(GgufTestFiles.NewTempDirectory());
        var first = await DemoChatModel.GetOrCreateAsync(cache);
        var written = File.GetLastWriteTimeUtc(first);
        await Task.Delay(20);
        var second = await DemoChatModel.GetOrCreateAsync(cache);
        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second));
        Assert.StartsWith(Path.Combine(cache.Directory, "demo-chat-"), first);
        Assert.Single(Directory.GetFiles(cache.Directory));
    }

    [Fact]
    public async Task ADamagedCachedFileIsForgedAgain()
    {
        var cache = new ForgeCache(GgufTestFiles.NewTempDirectory());
        var path = await DemoChatModel.GetOrCreateAsync(cache);
        var original = File.ReadAllBytes(path);
        File.WriteAllBytes(path, original.AsSpan(0, original.Length / 2).ToArray());
        Assert.Equal(path, await DemoChatModel.GetOrCreateAsync(cache));
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task DifferentModelsGetDifferentFiles()
    {
        var cache = new ForgeCache(GgufTestFiles.NewTempDirectory());
        var vocab = new ByteBpeVocabularyBuilder().Build();
        var a = await cache.GetOrCreateAsync("m", new ForgedModelBuilder(vocab).WithScript(new TokenScript { EndTokenId = 258 }.AddChain(1, 2)));
        var b = await cache.GetOrCreateAsync("m", new ForgedModelBuilder(vocab).WithScript(new TokenScript { EndTokenId = 258 }.AddChain(1, 3)));
        Assert.NotEqual(a, b);
        Assert.Equal(2, Directory.GetFiles(cache.Directory).Length);
    }

    [Fact]
    public void NamesAreRestrictedToSafeCharacters()
    {
        var cache = new ForgeCache(GgufTestFiles.NewTempDirectory());
        Assert.Throws<ArgumentException>(() => cache.GetPath("../evil", "abc"));
        Assert.EndsWith("ok_1.2-abc.gguf", cache.GetPath("ok_1.2", "abc"));
    }

    [Fact]
    public async Task WritersWithARecipeAreCachedToo()
    {
        var cache = new ForgeCache(GgufTestFiles.NewTempDirectory());
        GgufWriter Writer() => new GgufWriter().SetMetadata("general.architecture", GgufValue.Of("llama")).AddTensor("t", [2], new float[] { 1, 2 });
        var a = await cache.GetOrCreateAsync("w", Writer(), "recipe-1");
        var b = await cache.GetOrCreateAsync("w", Writer(), "recipe-1");
        var c = await cache.GetOrCreateAsync("w", Writer(), "recipe-2");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True((await GgufFileInfo.ReadAsync(a)).Metadata.ContainsKey(ForgedModelBuilder.ContentHashKey));
    }
}
