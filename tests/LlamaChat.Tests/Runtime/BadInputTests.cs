using LlamaChat.Evaluation;
using LlamaChat.Models;
using LlamaChat.Tests.Grammar;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Runtime;

public class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llamachat-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<Llama> GetLlama() => await TestModels.GetLlamaAsync();

    private string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task MissingFile()
    {
        var llama = await GetLlama();
        var e = await Assert.ThrowsAsync<ModelFileException>(() => llama.LoadModelAsync(new LlamaModelOptions(Path.Combine(_dir, "nope.gguf"))));
        Assert.Contains("nope.gguf", e.Message);
    }

    [Fact]
    public async Task DirectoryInsteadOfFile()
    {
        var llama = await GetLlama();
        var e = await Assert.ThrowsAsync<ModelFileException>(() => llama.LoadModelAsync(new LlamaModelOptions(_dir)));
        Assert.Contains("directory", e.Message);
    }

    [Fact]
    public async Task EmptyPath()
    {
        var llama = await GetLlama();
        await Assert.ThrowsAsync<ArgumentException>(() => llama.LoadModelAsync(new LlamaModelOptions(" ")));
    }

    [Fact]
    public async Task NonGgufFile()
    {
        var llama = await GetLlama();
        var path = WriteFile("text.gguf", "hello, this is not a model"u8.ToArray());
        var e = await Assert.ThrowsAsync<GgufFormatException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public async Task GgufVersion1()
    {
        var llama = await GetLlama();
        var path = WriteFile("v1.gguf", [(byte)'G', (byte)'G', (byte)'U', (byte)'F', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var e = await Assert.ThrowsAsync<GgufFormatException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
        Assert.Contains("v1", e.Message);
    }

    [SkippableFact]
    public async Task TruncatedGguf()
    {
        var llama = await GetLlama();
        var bytes = await File.ReadAllBytesAsync(TestPaths.RequireFixture("models", "stories260K.gguf"));
        var path = WriteFile("truncated.gguf", bytes[..(bytes.Length / 3)]);
        var e = await Assert.ThrowsAsync<GgufFormatException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
        Assert.Contains("truncated", e.Message);
    }

    [SkippableFact]
    public async Task UnsupportedArchitectureIsRefusedByLlamaCpp()
    {
        // A well-formed GGUF file that llama.cpp cannot build a model from: the native refusal becomes ModelLoadException.
        var llama = await GetLlama();
        var path = Path.Combine(_dir, "unknown-arch.gguf");
        await new LlamaChat.Gguf.GgufWriter()
            .SetMetadata("general.architecture", LlamaChat.Gguf.GgufValue.Of("no-such-architecture"))
            .WriteAsync(path);
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
        Assert.Contains("llama.cpp could not load", e.Message);
    }

    [Theory]
    [InlineData("llama.block_count", 0u, "layers")]
    [InlineData("llama.expert_used_count", 2u, "without experts")]
    public async Task HyperparametersLlamaCppWouldAssertOnAreRefused(string key, uint value, string reason)
    {
        // llama.cpp aborts the whole process on these while loading; LlamaChat refuses them first.
        var llama = await GetLlama();
        var writer = await LlamaChat.Gguf.GgufWriter.FromFileAsync(await LlamaChat.Forge.DemoChatModel.GetOrCreateAsync());
        writer.SetMetadata(key, LlamaChat.Gguf.GgufValue.Of(value));
        var path = Path.Combine(_dir, "bad-hparams.gguf");
        await writer.WriteAsync(path);
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
        Assert.Contains(reason, e.Message);
        // The same through a metadata override.
        var demo = await LlamaChat.Forge.DemoChatModel.GetOrCreateAsync();
        await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(demo)
        {
            MetadataOverrides = new Dictionary<string, object> { [key] = (int)value },
        }));
    }

    [Fact]
    public async Task RopeScalingTypesAndEpsilonsLlamaCppWouldAssertOnAreRefused()
    {
        // An unknown RoPE scaling name failed an assert while loading; a negative or NaN epsilon at the first decode.
        var llama = await GetLlama();
        var demo = await LlamaChat.Forge.DemoChatModel.GetOrCreateAsync();
        foreach (var (key, value, reason) in new (string, LlamaChat.Gguf.GgufValue, string)[]
        {
            ("llama.rope.scaling.type", LlamaChat.Gguf.GgufValue.Of("bogus"), "rope.scaling.type"),
            ("llama.rope.scaling.type", LlamaChat.Gguf.GgufValue.Of(""), "rope.scaling.type"),
            ("llama.attention.layer_norm_rms_epsilon", LlamaChat.Gguf.GgufValue.Of(-1f), "must be zero or positive"),
            ("llama.attention.layer_norm_rms_epsilon", LlamaChat.Gguf.GgufValue.Of(float.NaN), "must be zero or positive"),
            ("llama.attention.layer_norm_epsilon", LlamaChat.Gguf.GgufValue.Of(-1e-5f), "must be zero or positive"),
        })
        {
            var writer = await LlamaChat.Gguf.GgufWriter.FromFileAsync(demo);
            writer.SetMetadata(key, value);
            var path = Path.Combine(_dir, "bad-value.gguf");
            await writer.WriteAsync(path);
            var e = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
            Assert.Contains(reason, e.Message);
        }
        await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(demo)
        {
            MetadataOverrides = new Dictionary<string, object> { ["llama.rope.scaling.type"] = "bogus" },
        }));
        await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(demo)
        {
            MetadataOverrides = new Dictionary<string, object> { ["llama.attention.layer_norm_rms_epsilon"] = double.NaN },
        }));
        using var fine = await llama.LoadModelAsync(new LlamaModelOptions(demo)
        {
            MetadataOverrides = new Dictionary<string, object> { ["llama.rope.scaling.type"] = "linear", ["llama.attention.layer_norm_rms_epsilon"] = 0.0 },
        });
    }

    [SkippableFact]
    public async Task AModelThatComputesNaNIsReportedAsBrokenNotSampledFrom()
    {
        // A NaN rope frequency makes every logit NaN: greedy decoding silently wrote token 0, and under a grammar
        // the error blamed token bias.
        var llama = await GetLlama();
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(TestPaths.RequireFixture("models", "stories260K.gguf"))
        {
            MetadataOverrides = new Dictionary<string, object> { ["llama.rope.freq_base"] = double.NaN },
        });
        await using var context = await TestModels.ContextAsync(model);
        foreach (var sampling in new[] { new SamplingOptions(), new SamplingOptions { Temperature = 0.8f, Seed = 1 },
                     new SamplingOptions { Grammar = LlamaChat.Grammar.LlamaGrammar.FromGbnf("root ::= \"yes\" | \"no\"") } })
        {
            using var sequence = context.GetSequence();
            var e = await Assert.ThrowsAsync<LlamaChatException>(async () =>
            {
                await foreach (var _ in sequence.EvaluateAsync(model.Tokenize("Once upon a time"), new EvaluateOptions { Sampling = sampling })) { }
            });
            Assert.Contains("NaN", e.Message);
        }
    }

    [SkippableFact]
    public async Task PerLayerHeadCountsThatDoNotFitTheWeightsAreRefused()
    {
        // llama.cpp checks the attention tensors against layer 0's count only: layer 1 failed an assert at the first decode.
        var llama = await GetLlama();
        var stories = TestPaths.RequireFixture("models", "stories260K.gguf"); // 5 layers, 4 KV heads of 8
        foreach (var counts in new[] { new uint[] { 4, 2, 4, 4, 4 }, [4, 0, 4, 4, 4] })
        {
            var writer = await LlamaChat.Gguf.GgufWriter.FromFileAsync(stories);
            writer.SetMetadata("llama.attention.head_count_kv", LlamaChat.Gguf.GgufValue.Of(counts));
            var path = Path.Combine(_dir, "per-layer-heads.gguf");
            await writer.WriteAsync(path);
            var e = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
            Assert.Contains("layer 1", e.Message);
        }
        var fine = await LlamaChat.Gguf.GgufWriter.FromFileAsync(stories);
        fine.SetMetadata("llama.attention.head_count_kv", LlamaChat.Gguf.GgufValue.Of(new uint[] { 4, 4, 4, 4, 4 }));
        var finePath = Path.Combine(_dir, "per-layer-heads-fine.gguf");
        await fine.WriteAsync(finePath);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(finePath));
    }

    [Fact]
    public async Task NormWeightsNotStoredAsF32AreRefused()
    {
        // ggml's CPU multiply has no F32 × F16 kernel: the first decode aborted the process.
        var llama = await GetLlama();
        var demo = await LlamaChat.Forge.DemoChatModel.GetOrCreateAsync();
        var norm = (await LlamaChat.Gguf.GgufFileInfo.ReadAsync(demo)).TensorInfos.Single(t => t.Name == "blk.0.attn_norm.weight");
        var writer = await LlamaChat.Gguf.GgufWriter.FromFileAsync(demo);
        writer.RemoveTensor(norm.Name);
        writer.AddTensor(norm.Name, norm.Dimensions, Enumerable.Repeat(1f, (int)norm.ElementCount).ToArray(), LlamaChat.Gguf.GgmlType.F16);
        var path = Path.Combine(_dir, "f16-norm.gguf");
        await writer.WriteAsync(path);
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
        Assert.Contains("blk.0.attn_norm.weight", e.Message);
        using var vocabOnly = await llama.LoadModelAsync(new LlamaModelOptions(path) { VocabOnly = true }); // tokenizing needs no weights
    }

    [Fact]
    public async Task OverridesOfTheWrongTypeAreRefused()
    {
        // llama.cpp ignores an override whose type differs from the file's (with only a log warning); the file's
        // value would then be used unchecked, and a string once made the check throw FormatException.
        var llama = await GetLlama();
        var demo = await LlamaChat.Forge.DemoChatModel.GetOrCreateAsync();
        foreach (var value in new object[] { "five", 5.0, true })
        {
            var e = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(demo)
            {
                MetadataOverrides = new Dictionary<string, object> { ["llama.block_count"] = value },
            }));
            Assert.Contains("llama.block_count", e.Message);
        }
        await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(demo)
        {
            MetadataOverrides = new Dictionary<string, object> { ["llama.block_count"] = ulong.MaxValue },
        }));
        await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(demo)
        {
            MetadataOverrides = new Dictionary<string, object> { ["llama.rope.freq_base"] = 10000 },
        }));
    }

    [Fact]
    public async Task VocabularyArraysLlamaCppWouldAssertOnAreRefused()
    {
        // Each of these aborted the process while loading, VocabOnly or not.
        var llama = await GetLlama();
        var demo = await LlamaChat.Forge.DemoChatModel.GetOrCreateAsync();
        var tokens = (await LlamaChat.Gguf.GgufWriter.FromFileAsync(demo)).GetMetadata("tokenizer.ggml.tokens")!.AsStringArray().ToArray();
        var duplicated = (string[])tokens.Clone();
        duplicated[7] = duplicated[6];
        foreach (var (key, value, reason) in new (string, LlamaChat.Gguf.GgufValue, string)[]
        {
            ("tokenizer.ggml.tokens", LlamaChat.Gguf.GgufValue.Of(duplicated), "repeats an earlier token"),
            ("tokenizer.ggml.tokens", LlamaChat.Gguf.GgufValue.Of(Enumerable.Range(0, tokens.Length)), "expects strings"),
            ("tokenizer.ggml.merges", LlamaChat.Gguf.GgufValue.Of(new[] { 1, 2 }), "expects strings"),
            ("tokenizer.ggml.scores", LlamaChat.Gguf.GgufValue.Of(tokens), "expects numbers"),
            ("tokenizer.ggml.token_type", LlamaChat.Gguf.GgufValue.Of(tokens), "expects numbers"),
        })
        {
            var writer = await LlamaChat.Gguf.GgufWriter.FromFileAsync(demo);
            writer.SetMetadata(key, value);
            var path = Path.Combine(_dir, "bad-vocab.gguf");
            await writer.WriteAsync(path);
            foreach (var vocabOnly in new[] { false, true })
            {
                var e = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(path) { VocabOnly = vocabOnly }));
                Assert.Contains(reason, e.Message);
            }
        }
    }

    [SkippableFact]
    public async Task TokenizerModelsThatDoNotFitTheVocabularyAreRefused()
    {
        // WordPiece over byte tokens aborted while loading; SentencePiece without byte tokens threw a C++ exception
        // out of llama_tokenize, which ends the process.
        var llama = await GetLlama();
        var stories = TestPaths.RequireFixture("models", "stories260K.gguf");
        var bert = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(stories)
        {
            VocabOnly = true, MetadataOverrides = new Dictionary<string, object> { ["tokenizer.ggml.model"] = "bert" },
        }));
        Assert.Contains("byte tokens", bert.Message);
        var qwen = TestPaths.RequireFixture("vocab", "ggml-vocab-qwen2.gguf");
        var spm = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(qwen)
        {
            VocabOnly = true, MetadataOverrides = new Dictionary<string, object> { ["tokenizer.ggml.model"] = "llama" },
        }));
        Assert.Contains("no byte token <0x00>", spm.Message);
        // Every real vocabulary still loads and tokenizes anything.
        foreach (var file in Directory.GetFiles(TestPaths.Fixture("vocab"), "*.gguf"))
        {
            using var model = await llama.LoadModelAsync(new LlamaModelOptions(file) { VocabOnly = true });
            Assert.NotEmpty(model.Tokenize("Hello wörld 🦙\n\0"));
        }
    }

    [Fact]
    public async Task LlamaCppsReasonForRefusingAModelIsInTheMessage()
    {
        var llama = await GetLlama();
        var writer = await LlamaChat.Gguf.GgufWriter.FromFileAsync(await LlamaChat.Forge.DemoChatModel.GetOrCreateAsync());
        writer.SetMetadata("llama.attention.head_count", LlamaChat.Gguf.GgufValue.Of(0u));
        var path = Path.Combine(_dir, "bad-heads.gguf");
        await writer.WriteAsync(path);
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)));
        Assert.Contains("wrong shape", e.Message);
    }

    [SkippableFact]
    public async Task VocabOnlyModelCannotEvaluate()
    {
        var llama = await GetLlama();
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(TestPaths.RequireFixture("models", "stories260K.gguf")) { VocabOnly = true });
        Assert.NotEmpty(model.Tokenize("Hello"));
        var e = await Assert.ThrowsAsync<ContextCreationException>(() => model.CreateContextAsync());
        Assert.Contains("VocabOnly", e.Message);
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(int.MaxValue)]
    public async Task InvalidContextSizes(int size)
    {
        var model = await TestModels.StoriesAsync();
        await Assert.ThrowsAsync<ContextCreationException>(() => model.CreateContextAsync(new LlamaContextOptions { ContextSize = size, Threads = 1 }));
    }

    [SkippableFact]
    public async Task ZeroThreadsAndSequences()
    {
        var model = await TestModels.StoriesAsync();
        await Assert.ThrowsAsync<ContextCreationException>(() => model.CreateContextAsync(new LlamaContextOptions { ContextSize = 256, Threads = 0 }));
        await Assert.ThrowsAsync<ContextCreationException>(() => model.CreateContextAsync(new LlamaContextOptions { ContextSize = 256, Threads = 100_000 }));
        await Assert.ThrowsAsync<ContextCreationException>(() => model.CreateContextAsync(new LlamaContextOptions { ContextSize = 256, Threads = 1, KeyCacheType = (KvCacheType)999 }));
        await using var huge = await model.CreateContextAsync(new LlamaContextOptions { ContextSize = 256, Threads = 1, BatchSize = 1_000_000_000 });
        Assert.Equal(huge.ContextSize, huge.BatchSize); // clamped to the context, not allocated
        await Assert.ThrowsAsync<ContextCreationException>(() => model.CreateContextAsync(new LlamaContextOptions { ContextSize = 256, Sequences = 0, Threads = 1 }));
    }

    [SkippableFact]
    public async Task QuantizedCachesThatLlamaCppCannotHoldAreRefused()
    {
        // Each of these made llama.cpp crash the process before the check.
        var stories = await TestModels.StoriesAsync(); // heads 8 wide: not whole Q8_0 blocks
        var noFlash = await Assert.ThrowsAsync<ContextCreationException>(() => stories.CreateContextAsync(new LlamaContextOptions
        {
            ContextSize = 256, Threads = 1, FlashAttention = false, ValueCacheType = KvCacheType.Q8_0,
        }));
        Assert.Contains("flash attention", noFlash.Message);
        foreach (var options in new[]
        {
            new LlamaContextOptions { ContextSize = 256, Threads = 1, KeyCacheType = KvCacheType.Q8_0 },
            new LlamaContextOptions { ContextSize = 256, Threads = 1, FlashAttention = true, ValueCacheType = KvCacheType.Q4_0 },
            new LlamaContextOptions { ContextSize = 256, Threads = 1, FlashAttention = false, KeyCacheType = KvCacheType.Q5_1 },
        })
        {
            var narrow = await Assert.ThrowsAsync<ContextCreationException>(() => stories.CreateContextAsync(options));
            Assert.Contains("8 wide", narrow.Message);
        }

        // Heads 32 wide: a quantized K cache works without flash attention, and both quantized with it.
        var model = await JsonInferenceModel.LoadAsync();
        foreach (var options in new[]
        {
            new LlamaContextOptions { ContextSize = 256, Threads = 1, FlashAttention = false, KeyCacheType = KvCacheType.Q8_0 },
            new LlamaContextOptions { ContextSize = 256, Threads = 1, KeyCacheType = KvCacheType.Q4_0, ValueCacheType = KvCacheType.Q8_0 },
        })
        {
            await using var context = await model.CreateContextAsync(options);
            using var sequence = context.GetSequence();
            await sequence.EvaluateWithoutGeneratingNewTokensAsync(model.Tokenize("Hi there! I'm John. Nice to meet you!"));
            Assert.True(sequence.NextTokenIndex > 5);
        }
    }

    [SkippableFact]
    public async Task BatchSmallerThanTheSequenceCount()
    {
        // llama.cpp reserves an output per sequence on each decode; with n_outputs_max left at the batch size,
        // this aborted the process on the first decode.
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 33, sequences: 4, batchSize: 1);
        var sequences = Enumerable.Range(0, 4).Select(_ => context.GetSequence()).ToList();
        var results = await Task.WhenAll(sequences.Select(async sequence =>
        {
            var count = 0;
            await foreach (var _ in sequence.EvaluateAsync(model.TokenizeWithBos("Once upon a time")))
                if (++count == 5) break;
            return sequence.NextTokenIndex;
        }));
        Assert.All(results, next => Assert.True(next > 5));
        foreach (var sequence in sequences) sequence.Dispose();
    }

    [SkippableFact]
    public async Task TokenIdOutOfRange()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sequence.EvaluateWithoutGeneratingNewTokensAsync([1, model.VocabularySize]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sequence.EvaluateWithoutGeneratingNewTokensAsync([-1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Detokenize([model.VocabularySize + 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.GetTokenAttributes(-3));
        Assert.Empty(sequence.ContextTokens);
    }

    [SkippableFact]
    public async Task PromptLongerThanTheContext()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 256);
        using var sequence = context.GetSequence();
        var tokens = Enumerable.Repeat(model.Tokenize("a")[0], context.ContextSize + 1).ToArray();
        await Assert.ThrowsAsync<InsufficientContextException>(() => sequence.EvaluateWithoutGeneratingNewTokensAsync(tokens));
    }

    [SkippableFact]
    public async Task InvalidGbnfIsRefusedWithoutCrashing()
    {
        var e = Assert.Throws<GrammarException>(() => LlamaChat.Grammar.LlamaGrammar.FromGbnf("root ::= (\"a\" | "));
        Assert.Equal(1, e.Line);
        Assert.Throws<GrammarException>(() => LlamaChat.Grammar.LlamaGrammar.FromGbnf("root ::= missing-rule"));

        // A grammar referring to a token the model does not have is refused before llama.cpp sees it.
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var options = new EvaluateOptions { Sampling = new SamplingOptions { Grammar = LlamaChat.Grammar.LlamaGrammar.FromGbnf("root ::= <[999999]>") } };
        await Assert.ThrowsAsync<GrammarException>(async () =>
        {
            await foreach (var _ in sequence.EvaluateAsync(model.TokenizeWithBos("Hi"), options)) break;
        });
        // The sequence is still usable.
        await foreach (var _ in sequence.EvaluateAsync(model.TokenizeWithBos("Hi"))) break;
    }

    [SkippableFact]
    public async Task DryLastTokensBeyondTheContextIsCappedInsteadOfExhaustingMemory()
    {
        // llama.cpp allocated LastTokens entries up front: int.MaxValue took gigabytes and never finished.
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var prompt = model.TokenizeWithBos("Once upon a time");
        async Task<List<int>> Generate(int? lastTokens)
        {
            await sequence.ClearHistoryAsync();
            var sampling = new SamplingOptions { DryRepeatPenalty = new DryRepeatPenaltyOptions { LastTokens = lastTokens, AllowedLength = 1, Base = 3 } };
            var output = new List<int>();
            await foreach (var token in sequence.EvaluateAsync(prompt, new EvaluateOptions { Sampling = sampling }))
                if (output.Count == 40 || model.IsEogToken(token)) break; else output.Add(token);
            return output;
        }
        Assert.Equal(await Generate(null), await Generate(int.MaxValue));
    }

    [SkippableFact]
    public async Task NonsenseSamplingValuesAreRefusedClearly()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        async Task Evaluate(SamplingOptions sampling)
        {
            await foreach (var _ in sequence.EvaluateAsync(model.TokenizeWithBos("Hi"), new EvaluateOptions { Sampling = sampling })) break;
        }
        // NaN penalties made the logits NaN, and sampling then picked arbitrary tokens without a word.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Evaluate(new() { RepeatPenalty = new() { FrequencyPenalty = float.NaN } }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Evaluate(new() { RepeatPenalty = new() { PresencePenalty = float.NaN } }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Evaluate(new() { DryRepeatPenalty = new() { Base = float.NaN } }));
        // +Infinity made the probabilities NaN: random sampling ignored the token it was meant to force.
        var bias = Assert.Throws<ArgumentException>(() => new TokenBias(model).Set(100, float.PositiveInfinity));
        Assert.Contains("finite", bias.Message);
        // A filter returning null used to surface as a NullReferenceException from inside the sampler.
        var filter = await Assert.ThrowsAsync<InvalidOperationException>(() => Evaluate(new() { RepeatPenalty = new() { PunishTokensFilter = _ => null! } }));
        Assert.Contains("PunishTokensFilter", filter.Message);
        // The sequence is still usable.
        await Evaluate(new SamplingOptions());
    }

    [SkippableFact]
    public async Task DisposedModelContextAndSequence()
    {
        var llama = await GetLlama();
        var model = await llama.LoadModelAsync(new LlamaModelOptions(TestPaths.RequireFixture("models", "stories260K.gguf")));
        var context = await TestModels.ContextAsync(model);
        var sequence = context.GetSequence();
        model.Dispose();
        Assert.True(context.IsDisposed);
        Assert.True(sequence.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => model.Tokenize("x"));
        Assert.Throws<ObjectDisposedException>(() => context.GetSequence());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sequence.EvaluateWithoutGeneratingNewTokensAsync([1]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => model.CreateContextAsync());
    }

    [SkippableFact]
    public async Task CancelledLoad()
    {
        var llama = await GetLlama();
        var path = TestPaths.RequireFixture("models", "stories260K.gguf");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => llama.LoadModelAsync(new LlamaModelOptions(path), cts.Token));
        var cancelMidway = new CancellationTokenSource();
        var progress = new List<float>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => llama.LoadModelAsync(
            new LlamaModelOptions(path)
            {
                UseMmap = false,
                OnLoadProgress = p => { progress.Add(p); if (progress.Count == 2) cancelMidway.Cancel(); },
            }, cancelMidway.Token));
        Assert.True(progress.Count >= 2);
        Assert.True(progress[^1] < 1);
    }
}
