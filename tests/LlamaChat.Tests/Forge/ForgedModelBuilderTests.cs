using LlamaChat.Forge;
using LlamaChat.Gguf;
using LlamaChat.Tests.Gguf;

namespace LlamaChat.Tests.Forge;

public class ForgedModelBuilderTests
{
    private static async Task<string> ForgeAsync(ForgedModelBuilder builder)
    {
        var path = Path.Combine(GgufTestFiles.NewTempDirectory(), "forged.gguf");
        await builder.WriteAsync(path);
        return path;
    }

    [Fact]
    public async Task ScriptedModelHasLlamaMetadataTokenizerAndTensors()
    {
        var vocab = DemoChatModel.CreateVocabulary();
        var builder = DemoChatModel.CreateBuilder();
        var path = await ForgeAsync(builder);
        var info = await GgufFileInfo.ReadAsync(path);

        Assert.Equal("llama", info.Architecture);
        Assert.Equal(DemoChatModel.ChatMlTemplate, info.ChatTemplate);
        Assert.Equal("gpt2", info.TokenizerModel);
        Assert.Equal("gpt-2", info.TokenizerPre);
        Assert.Equal(vocab.Count, info.VocabularySize);
        Assert.Equal(vocab.TokenTexts, info.Metadata.GetStringArray("tokenizer.ggml.tokens"));
        Assert.Equal(vocab.Merges, info.Metadata.GetStringArray("tokenizer.ggml.merges"));
        Assert.Equal((uint)vocab.EosTokenId!.Value, info.Metadata.GetUInt32("tokenizer.ggml.eos_token_id"));
        Assert.Equal(4096, info.TrainContextSize);
        Assert.Equal(64, info.EmbeddingLength);
        Assert.Equal(1, info.BlockCount);
        Assert.Equal(1e12, info.Metadata.GetDouble("llama.rope.freq_base"), 1e6);
        Assert.Equal(builder.ComputeContentHash(), info.Metadata.GetString(ForgedModelBuilder.ContentHashKey));

        var names = info.TensorInfos.Select(t => t.Name).ToList();
        Assert.Equal(3 + 9, names.Count);
        Assert.Contains("blk.0.attn_q.weight", names);
        var embedding = info.TensorInfos.Single(t => t.Name == "token_embd.weight");
        Assert.Equal(new long[] { 64, vocab.Count }, embedding.Dimensions);
        Assert.Equal(GgmlType.F32, embedding.Type);
        Assert.Equal(builder.CreateWriter().ComputeFileSize(), info.FileSize);
    }

    [Fact]
    public async Task DemoModelAnswersItsReplyInAReferenceForwardPass()
    {
        var vocab = DemoChatModel.CreateVocabulary();
        var reference = new TinyLlamaReference(await ForgeAsync(DemoChatModel.CreateBuilder()));
        var prompt = vocab.Tokenize("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi, how are you?<|im_end|>\n<|im_start|>assistant\n");
        var output = reference.Greedy(prompt, new HashSet<int> { vocab.EosTokenId!.Value });
        Assert.Equal(DemoChatModel.Reply + "<|im_end|>", vocab.Detokenize(output));
        // The same ids llama.cpp generated for this prompt.
        Assert.Equal(new[] { 294, 33, 314, 315, 324, 325, 329, 333, 338, 46, 258 }, output);
    }

    [Fact]
    public async Task MarkerHeadSwitchesTheSuccessorInAReferenceForwardPass()
    {
        var vocab = new ByteBpeVocabularyBuilder().AddText("Hello world! there. filler").Build();
        int hello = vocab.GetSingleTokenId("Hello"), world = vocab.GetSingleTokenId(" world"), bang = vocab.GetSingleTokenId("!");
        int there = vocab.GetSingleTokenId(" there"), dot = vocab.GetSingleTokenId(".");
        int marker = vocab.GetTokenId(ForgeSpecialTokens.ToolResponseStart);
        int eos = vocab.EosTokenId!.Value;
        var script = new TokenScript { EndTokenId = eos }
            .AddChain(hello, world, bang, eos)
            .AddChain(there, dot, eos)
            .AddContextRule(marker, hello, there);
        var reference = new TinyLlamaReference(await ForgeAsync(new ForgedModelBuilder(vocab).WithScript(script)));
        var stop = new HashSet<int> { eos };

        Assert.Equal(new[] { world, bang, eos }, reference.Greedy(vocab.Tokenize("filler filler Hello"), stop));
        Assert.Equal(new[] { there, dot, eos }, reference.Greedy(vocab.Tokenize("<tool_response> filler filler filler Hello"), stop));
        Assert.Equal(new[] { dot, eos }, reference.Greedy(vocab.Tokenize("Hello world<tool_response> there"), stop));
        var logits = reference.Logits(vocab.Tokenize("<tool_response> filler Hello"));
        Assert.True(logits[there] - logits[world] > 2, "the switched successor wins by a clear margin");
    }

    [Fact]
    public async Task SeveralMarkersGetTheirOwnHeads()
    {
        var vocab = new ByteBpeVocabularyBuilder().AddText("go a b c").Build();
        int go = vocab.GetSingleTokenId("go"), a = vocab.GetSingleTokenId(" a"), b = vocab.GetSingleTokenId(" b"), c = vocab.GetSingleTokenId(" c");
        int m1 = vocab.GetTokenId(ForgeSpecialTokens.ToolResponseStart), m2 = vocab.GetTokenId(ForgeSpecialTokens.PythonTag);
        int eos = vocab.EosTokenId!.Value;
        var script = new TokenScript { EndTokenId = eos }
            .AddChain(go, a)
            .AddContextRule(m1, go, b)
            .AddContextRule(m2, a, c);
        var path = await ForgeAsync(new ForgedModelBuilder(vocab).WithScript(script));
        var info = await GgufFileInfo.ReadAsync(path);
        Assert.Equal(2, info.HeadCount);
        var reference = new TinyLlamaReference(path);
        var stop = new HashSet<int> { eos };
        Assert.Equal(new[] { a, eos }, reference.Greedy(vocab.Tokenize("go"), stop));
        Assert.Equal(new[] { b, eos }, reference.Greedy(vocab.Tokenize("<tool_response>go"), stop));
        Assert.Equal(new[] { a, c, eos }, reference.Greedy(vocab.Tokenize("<|python_tag|>go"), stop));
    }

    [Fact]
    public async Task RandomWeightsAreDeterministicAndQuantized()
    {
        var vocab = new ByteBpeVocabularyBuilder().Build();
        var shape = new ForgedModelShape { LayerCount = 2, EmbeddingLength = 64, HeadCount = 4, KvHeadCount = 2, FeedForwardLength = 96 };
        var a = await ForgeAsync(new ForgedModelBuilder(vocab).WithRandomWeights(shape, GgmlType.Q8_0, seed: 7));
        var b = await ForgeAsync(new ForgedModelBuilder(vocab).WithRandomWeights(shape, GgmlType.Q8_0, seed: 7));
        var c = await ForgeAsync(new ForgedModelBuilder(vocab).WithRandomWeights(shape, GgmlType.Q8_0, seed: 8));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));

        var info = await GgufFileInfo.ReadAsync(a);
        Assert.Equal(7, info.FileType);
        Assert.Equal(2, info.BlockCount);
        Assert.Equal(2, info.HeadCountKv);
        Assert.Equal(GgmlType.Q8_0, info.TensorInfos.Single(t => t.Name == "blk.1.ffn_down.weight").Type);
        Assert.Equal(new long[] { 96, 64 }, info.TensorInfos.Single(t => t.Name == "blk.1.ffn_down.weight").Dimensions);
        Assert.Equal(new long[] { 64, 32 }, info.TensorInfos.Single(t => t.Name == "blk.0.attn_k.weight").Dimensions);
        Assert.Equal(GgmlType.F32, info.TensorInfos.Single(t => t.Name == "output_norm.weight").Type);
    }

    [Fact]
    public void InvalidConfigurationsAreRefused()
    {
        var vocab = new ByteBpeVocabularyBuilder().Build();
        Assert.Throws<InvalidOperationException>(() => new ForgedModelBuilder(vocab).CreateWriter());
        var noEnd = new TokenScript().AddChain(1, 2);
        Assert.Contains("EndTokenId", Assert.Throws<ArgumentException>(() => new ForgedModelBuilder(vocab).WithScript(noEnd)).Message);
        var outside = new TokenScript { EndTokenId = 0 }.AddChain(1, 100_000);
        Assert.Contains("100000", Assert.Throws<ArgumentException>(() => new ForgedModelBuilder(vocab).WithScript(outside)).Message);
        var script = new TokenScript { EndTokenId = 0 }.AddChain(Enumerable.Range(1, 80));
        Assert.Throws<ArgumentException>(() => new ForgedModelBuilder(vocab).WithScript(script, new ScriptedWeightsOptions { EmbeddingLength = 64 }));
        Assert.Throws<ArgumentException>(() => new ForgedModelBuilder(vocab).WithScript(script, new ScriptedWeightsOptions { TableType = GgmlType.Q8_0 }));
        Assert.Throws<ArgumentException>(() => new ForgedModelBuilder(vocab).WithRandomWeights(new ForgedModelShape { EmbeddingLength = 48, HeadCount = 5 }));
        Assert.Throws<ArgumentException>(() => new ForgedModelBuilder(vocab).WithRandomWeights(new ForgedModelShape { EmbeddingLength = 48 }, GgmlType.Q8_0));
    }

    [Fact]
    public void LargeScriptsGetAWiderEmbedding()
    {
        var vocab = new ByteBpeVocabularyBuilder().Build();
        var script = new TokenScript { EndTokenId = 0 }.AddChain(Enumerable.Range(1, 80));
        var builder = new ForgedModelBuilder(vocab).WithScript(script);
        Assert.Equal(96, builder.Shape!.EmbeddingLength);
    }

    [Fact]
    public void ContentHashChangesWithEveryInput()
    {
        var vocab = new ByteBpeVocabularyBuilder().Build();
        string Hash(Action<ForgedModelBuilder, TokenScript> change)
        {
            var script = new TokenScript { EndTokenId = 258 }.AddChain(1, 2);
            var builder = new ForgedModelBuilder(vocab);
            change(builder, script);
            return builder.WithScript(script).ComputeContentHash();
        }
        var baseline = Hash((_, _) => { });
        Assert.Equal(baseline, Hash((_, _) => { }));
        Assert.NotEqual(baseline, Hash((_, s) => s.AddSuccessor(2, 3)));
        Assert.NotEqual(baseline, Hash((b, _) => b.ChatTemplate = "x"));
        Assert.NotEqual(baseline, Hash((b, _) => b.ContextLength = 100));
        Assert.NotEqual(baseline, Hash((b, _) => b.SetMetadata("general.author", GgufValue.Of("me"))));
    }
}
