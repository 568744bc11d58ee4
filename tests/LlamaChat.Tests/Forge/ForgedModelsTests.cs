using LlamaChat.Forge;
using LlamaChat.Gguf;
using LlamaChat.Tests.Gguf;

namespace LlamaChat.Tests.Forge;

public class ForgedModelsTests
{
    [SkippableFact]
    public async Task Stories260KCopyGainsAChatTemplateWithIdenticalTensors()
    {
        var source = GgufTestFiles.Fixture("models/stories260K.gguf");
        var cache = new ForgeCache(GgufTestFiles.NewTempDirectory());
        var copy = await ForgedModels.GetOrCopyWithChangesAsync("stories260K-chatml", source,
            w => w.SetMetadata("tokenizer.chat_template", GgufValue.Of(DemoChatModel.ChatMlTemplate)), cache);
        Assert.Equal(copy, await ForgedModels.GetOrCopyWithChangesAsync("stories260K-chatml", source,
            w => w.SetMetadata("tokenizer.chat_template", GgufValue.Of(DemoChatModel.ChatMlTemplate)), cache));

        var a = await GgufFileInfo.ReadAsync(source);
        var b = await GgufFileInfo.ReadAsync(copy);
        Assert.Equal(DemoChatModel.ChatMlTemplate, b.ChatTemplate);
        Assert.Equal(a.TensorInfos.Select(t => (t.Name, t.Type, t.ByteSize)), b.TensorInfos.Select(t => (t.Name, t.Type, t.ByteSize)));
        var sourceBytes = File.ReadAllBytes(source);
        var copyBytes = File.ReadAllBytes(copy);
        Assert.Equal(sourceBytes.AsSpan((int)a.DataOffset).ToArray(), copyBytes.AsSpan((int)b.DataOffset, sourceBytes.Length - (int)a.DataOffset).ToArray());
    }

    [Fact]
    public async Task CopyWithChangesWritesToTheGivenPath()
    {
        var dir = GgufTestFiles.NewTempDirectory();
        var source = Path.Combine(dir, "source.gguf");
        await DemoChatModel.CreateBuilder().WriteAsync(source);
        var destination = Path.Combine(dir, "renamed.gguf");
        await ForgedModels.CopyWithChangesAsync(source, destination, w =>
        {
            w.SetMetadata("general.name", GgufValue.Of("renamed"));
            w.RemoveMetadata("tokenizer.chat_template");
        });
        var info = await GgufFileInfo.ReadAsync(destination);
        Assert.Equal("renamed", info.Name);
        Assert.Null(info.ChatTemplate);
        Assert.Equal(new FileInfo(source).Length - new FileInfo(destination).Length,
            (await GgufFileInfo.ReadAsync(source)).DataOffset - info.DataOffset);
    }
}
