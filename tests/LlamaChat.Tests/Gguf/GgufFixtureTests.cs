using LlamaChat.Gguf;

namespace LlamaChat.Tests.Gguf;

/// <summary>Reads the real GGUF files of ../shared/fixtures and checks facts known about them.</summary>
public class GgufFixtureTests
{
    public static TheoryData<string> AllFixtureGgufs()
    {
        var data = new TheoryData<string>();
        var root = GgufTestFiles.Fixtures;
        if (root is null)
        {
            data.Add("(fixtures absent)");
            return data;
        }
        foreach (var folder in new[] { "models", "vocab" })
        {
            var dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.GetFiles(dir, "*.gguf").OrderBy(f => f, StringComparer.Ordinal))
                data.Add(Path.Combine(folder, Path.GetFileName(file)));
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(AllFixtureGgufs))]
    public async Task EveryFixtureReadsCompletely(string relativePath)
    {
        var path = GgufTestFiles.Fixture(relativePath);
        var info = await GgufFileInfo.ReadAsync(path);
        Assert.InRange(info.Version, 2, 3);
        Assert.NotNull(info.Architecture);
        Assert.NotNull(info.TokenizerModel);
        var tokens = info.Metadata.GetStringArray("tokenizer.ggml.tokens");
        Assert.Equal(tokens.Count, info.VocabularySize);
        Assert.Equal(info.TensorCount, info.TensorInfos.Count);
        long headerEnd = 24 + info.MetadataSize + info.TensorInfoSize;
        Assert.InRange(info.DataOffset - headerEnd, 0, info.Alignment - 1);
        Assert.Equal(0, info.DataOffset % info.Alignment);
        if (info.TensorCount == 0)
        {
            // Vocabulary-only files end right after the header, without padding.
            Assert.InRange(info.FileSize, headerEnd, info.DataOffset);
            return;
        }
        long end = info.DataOffset;
        foreach (var tensor in info.TensorInfos)
        {
            Assert.NotNull(tensor.ByteSize);
            Assert.True(tensor.FileOffset + tensor.ByteSize <= info.FileSize, $"{tensor.Name} lies outside the file");
            end = Math.Max(end, tensor.FileOffset + tensor.ByteSize!.Value);
        }
        Assert.InRange(info.FileSize - end, 0, info.Alignment);
    }

    [SkippableFact]
    public async Task Stories260KHasItsKnownShape()
    {
        var info = await GgufFileInfo.ReadAsync(GgufTestFiles.Fixture("models/stories260K.gguf"));
        Assert.Equal("llama", info.Architecture);
        Assert.Equal("llama", info.TokenizerModel);
        Assert.Equal(512, info.VocabularySize);
        Assert.Equal(2048, info.TrainContextSize);
        Assert.Equal(5, info.BlockCount);
        Assert.Equal(64, info.EmbeddingLength);
        Assert.Equal(8, info.KeyLength); // 64 wide / 8 heads: the file has no key_length
        Assert.Equal(8, info.ValueLength);
        Assert.Null(info.ChatTemplate);
        Assert.All(info.TensorInfos, t => Assert.Equal(GgmlType.F32, t.Type));
        long parameters = info.TensorInfos.Sum(t => t.ElementCount);
        Assert.Equal(292_800, parameters);
        var embedding = info.TensorInfos.Single(t => t.Name == "token_embd.weight");
        Assert.Equal(new long[] { 64, 512 }, embedding.Dimensions);
        Assert.Equal(512, info.Metadata.GetArray<float>("tokenizer.ggml.scores").Count);
        Assert.Equal(512, info.Metadata.GetArray<int>("tokenizer.ggml.token_type").Count);
    }

    [SkippableFact]
    public async Task TinyRandomLlama2HasAFullVocabularyAndF16Weights()
    {
        var info = await GgufFileInfo.ReadAsync(GgufTestFiles.Fixture("models/llama-2-tiny-random.gguf"));
        Assert.Equal("llama", info.Architecture);
        Assert.Equal(32000, info.VocabularySize);
        Assert.Equal(1, info.BlockCount);
        Assert.Equal(8, info.EmbeddingLength);
        Assert.Contains(info.TensorInfos, t => t.Type == GgmlType.F16);
    }

    [SkippableTheory]
    [InlineData("vocab/ggml-vocab-llama-bpe.gguf", "gpt2", "llama-bpe", 128256, false)]
    [InlineData("vocab/ggml-vocab-qwen2.gguf", "gpt2", "qwen2", 151936, true)]
    [InlineData("vocab/ggml-vocab-phi-3.gguf", "llama", null, 32064, true)]
    [InlineData("vocab/ggml-vocab-llama-spm.gguf", "llama", null, 32000, false)]
    public async Task VocabularyFilesHaveTheirTokenizers(string relativePath, string model, string? pre, int vocabSize, bool hasTemplate)
    {
        var info = await GgufFileInfo.ReadAsync(GgufTestFiles.Fixture(relativePath));
        Assert.Equal(model, info.TokenizerModel);
        if (pre is not null) Assert.Equal(pre, info.TokenizerPre);
        Assert.Equal(vocabSize, info.VocabularySize);
        Assert.Equal(hasTemplate, info.ChatTemplate is not null);
        Assert.Equal(0, info.TensorCount);
    }

    [SkippableFact]
    public async Task RewritingStories260KReproducesTheFileExactly()
    {
        var source = GgufTestFiles.Fixture("models/stories260K.gguf");
        var copy = Path.Combine(GgufTestFiles.NewTempDirectory(), "copy.gguf");
        await (await GgufWriter.FromFileAsync(source)).WriteAsync(copy);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(copy));
    }

    [SkippableFact]
    public async Task RewritingAVocabularyFileReproducesItsMetadataExactly()
    {
        var source = GgufTestFiles.Fixture("vocab/ggml-vocab-qwen2.gguf");
        var copy = Path.Combine(GgufTestFiles.NewTempDirectory(), "copy.gguf");
        await (await GgufWriter.FromFileAsync(source)).WriteAsync(copy);
        var original = File.ReadAllBytes(source);
        var written = File.ReadAllBytes(copy);
        var info = await GgufFileInfo.ReadAsync(source);
        long headerEnd = 24 + info.MetadataSize + info.TensorInfoSize;
        Assert.Equal(original.AsSpan(0, (int)headerEnd).ToArray(), written.AsSpan(0, (int)headerEnd).ToArray());
    }
}
