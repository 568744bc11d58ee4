using LlamaChat.Forge;
using LlamaChat.Gguf;
using LlamaChat.Tests.Gguf;

namespace LlamaChat.Tests.Forge;

public class CopiedVocabularyTests
{
    [SkippableFact]
    public async Task QwenVocabularyIsCopiedExactlyIntoAForgedModel()
    {
        var source = GgufTestFiles.Fixture("vocab/ggml-vocab-qwen2.gguf");
        var vocab = await CopiedVocabulary.FromGgufAsync(source);
        Assert.Equal(151936, vocab.Count);
        Assert.Equal("gpt2", vocab.TokenizerModel);
        Assert.Equal(151645, vocab.FindToken("<|im_end|>"));
        Assert.Equal(151644, vocab.GetTokenId("<|im_start|>"));
        Assert.Equal(GgufTokenType.Control, vocab.GetTokenType(151645));
        Assert.NotNull(vocab.ChatTemplate);

        int imEnd = vocab.GetTokenId("<|im_end|>");
        var script = new TokenScript { EndTokenId = imEnd }.AddChain(198, 9707, imEnd); // "\n" → "Hello"
        var path = Path.Combine(GgufTestFiles.NewTempDirectory(), "qwen.gguf");
        await new ForgedModelBuilder(vocab).WithScript(script).WriteAsync(path);

        var original = (await GgufFileInfo.ReadAsync(source)).Metadata;
        var forged = await GgufFileInfo.ReadAsync(path);
        foreach (var (key, value) in original.Where(e => e.Key.StartsWith("tokenizer.")))
            Assert.Equal(value, forged.Metadata[key]);
        var table = forged.TensorInfos.Single(t => t.Name == "output.weight");
        Assert.Equal(GgmlType.F16, table.Type); // 151936 × 64 F32 would exceed 16 MiB
        Assert.Equal(new long[] { 64, 151936 }, table.Dimensions);
    }

    [SkippableFact]
    public async Task BenchmarkBuilderHasTheDocumentedShapeAndSize()
    {
        var vocab = await CopiedVocabulary.FromGgufAsync(GgufTestFiles.Fixture("vocab/ggml-vocab-llama-bpe.gguf"));
        var builder = ForgedModels.CreateBenchmarkBuilder(vocab);
        Assert.Equal(ForgedModelShape.Benchmark, builder.Shape);
        var writer = builder.CreateWriter();
        long size = writer.ComputeFileSize();
        Assert.InRange(size, 370_000_000, 390_000_000); // ~353M Q8_0 parameters plus the vocabulary
        Assert.Equal(3 + 8 * 9, writer.TensorNames.Count);
    }

    [Fact]
    public async Task AFileWithoutVocabularyIsRefused()
    {
        var path = Path.Combine(GgufTestFiles.NewTempDirectory(), "novocab.gguf");
        await new GgufWriter().SetMetadata("general.architecture", GgufValue.Of("llama")).WriteAsync(path);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => CopiedVocabulary.FromGgufAsync(path));
        Assert.Contains("tokenizer.ggml.tokens", e.Message);
    }
}
