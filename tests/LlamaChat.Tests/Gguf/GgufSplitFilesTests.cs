using LlamaChat.Gguf;

namespace LlamaChat.Tests.Gguf;

public class GgufSplitFilesTests
{
    [Fact]
    public void PartNamesAreRecognised()
    {
        Assert.True(GgufSplitFiles.TryParsePartName("/m/model-Q4-00002-of-00003.gguf", out int part, out int count));
        Assert.Equal((2, 3), (part, count));
        Assert.False(GgufSplitFiles.TryParsePartName("/m/model.gguf", out _, out _));
        Assert.False(GgufSplitFiles.TryParsePartName("/m/model-00004-of-00003.gguf", out _, out _));
    }

    [Fact]
    public void AllPartPathsAreListedInOrder()
    {
        Assert.Equal(
            new[] { "/m/x-00001-of-00003.gguf", "/m/x-00002-of-00003.gguf", "/m/x-00003-of-00003.gguf" },
            GgufSplitFiles.GetAllPartPaths("/m/x-00003-of-00003.gguf"));
        Assert.Equal(new[] { "/m/x.gguf" }, GgufSplitFiles.GetAllPartPaths("/m/x.gguf"));
    }
}
