using LlamaChat.Forge;
using LlamaChat.Models;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Runtime;

public class TokenizerTests
{
    public static TheoryData<string> Vocabularies => new()
    {
        "ggml-vocab-llama-bpe", "ggml-vocab-qwen2", "ggml-vocab-phi-3", "ggml-vocab-llama-spm", "ggml-vocab-gpt-2",
        "ggml-vocab-deepseek-llm", "ggml-vocab-deepseek-coder", "ggml-vocab-falcon",
    };

    private static async Task<LlamaModel> VocabOnly(string name)
    {
        var llama = await TestModels.GetLlamaAsync();
        return await llama.LoadModelAsync(new LlamaModelOptions(TestPaths.RequireFixture("vocab", name + ".gguf")) { VocabOnly = true });
    }

    /// <summary>llama.cpp's own tokenizer test vectors: every string tokenizes to the listed ids and detokenizes back.</summary>
    [SkippableTheory]
    [MemberData(nameof(Vocabularies))]
    public async Task MatchesTheVocabularyTestVectors(string name)
    {
        using var model = await VocabOnly(name);
        var inputs = (await File.ReadAllTextAsync(TestPaths.Fixture("vocab", name + ".gguf.inp"))).Split("\n__ggml_vocab_test__\n");
        var outputs = await File.ReadAllLinesAsync(TestPaths.Fixture("vocab", name + ".gguf.out"));
        Assert.Equal(outputs.Length, inputs.Length - 1);
        for (var i = 0; i < outputs.Length; i++)
        {
            var expected = outputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            var tokens = model.Tokenize(inputs[i]);
            Assert.True(expected.SequenceEqual(tokens), $"{name}, string {i} ({inputs[i]}): expected [{string.Join(",", expected)}], got [{string.Join(",", tokens)}]");
            var text = model.Detokenize(tokens);
            // SentencePiece adds one space before the text; everything else must come back unchanged.
            Assert.True(text == inputs[i] || text == " " + inputs[i] || text.TrimStart() == inputs[i].TrimStart(), $"{name}, string {i}: '{text}'");
        }
    }

    [SkippableTheory]
    [InlineData("ggml-vocab-llama-bpe", "<|begin_of_text|>Hi<|eot_id|>")]
    [InlineData("ggml-vocab-qwen2", "<|im_start|>user\nHi<|im_end|>")]
    [InlineData("ggml-vocab-phi-3", "<|user|>Hi<|end|>")]
    public async Task SpecialTokensAreParsedOnlyWhenAsked(string name, string text)
    {
        using var model = await VocabOnly(name);
        var special = model.Tokenize(text, specialTokens: true);
        var plain = model.Tokenize(text, specialTokens: false);
        Assert.True(special.Length < plain.Length);
        Assert.Contains(special, model.IsSpecialToken);
        Assert.DoesNotContain(plain, t => model.GetTokenAttributes(t).HasFlag(TokenAttributes.Control));
        // SentencePiece vocabularies (phi-3) put a space before text that follows a special token.
        Assert.Equal(text.Replace(" ", ""), model.Detokenize(special, specialTokens: true).Replace(" ", ""));
        Assert.Equal(text, model.Detokenize(plain, specialTokens: false).TrimStart());
        Assert.DoesNotContain("<|", model.Detokenize(special, specialTokens: false));
    }

    [SkippableFact]
    public async Task LongRunsWithoutWhitespaceDoNotOverflowTheNativeStack()
    {
        // DeepSeek's pre-tokenizers use std::regex, which recursed per character: 5,000 letters in a row killed a
        // process on a 1 MB thread, 40,000 on an 8 MB one; long runs of spaces did the same with deepseek-llm.
        using var model = await VocabOnly("ggml-vocab-deepseek-coder");
        var tokens = 0;
        var thread = new Thread(() => tokens = model.Tokenize(new string('a', 100_000)).Length, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(25_000, tokens);
        Assert.Equal(50_000, model.Tokenize(string.Concat(Enumerable.Repeat("中", 50_000))).Length);
        using var llm = await VocabOnly("ggml-vocab-deepseek-llm");
        Assert.NotEmpty(llm.Tokenize(new string(' ', 200_000)));
        // Beyond a million, no stack is reserved: the text is refused instead.
        var e = Assert.Throws<ArgumentException>(() => model.Tokenize(new string('!', 1_000_001)));
        Assert.Contains("all whitespace or all not", e.Message);
    }

    [SkippableFact]
    public async Task TrimLeadingSpaceAndLastTokensKeepSentencePieceSpacing()
    {
        using var model = await VocabOnly("ggml-vocab-llama-spm");
        var first = model.Tokenize("Hello");
        var continued = model.Tokenize("world", trimLeadingSpace: true);
        Assert.NotEqual(model.Tokenize("world"), continued); // without trimming, SentencePiece adds "▁"
        Assert.Equal("Helloworld", model.Detokenize([.. first, .. continued]).TrimStart());
        var spaced = model.Tokenize(" world", trimLeadingSpace: true);
        Assert.Equal(" world", model.Detokenize(spaced, lastTokens: first));
    }

    [SkippableFact]
    public async Task TokensOfTheModel()
    {
        using var model = await VocabOnly("ggml-vocab-llama-bpe");
        Assert.Equal("<|begin_of_text|>", model.Tokens.BosString);
        Assert.True(model.IsEogToken(model.Tokenize("<|eot_id|>", specialTokens: true).Single()));
        Assert.Equal(128256, model.VocabularySize);
        Assert.Equal("Ġworld", model.GetTokenText(model.Tokenize(" world").Single()));
    }

    [Fact]
    public async Task ForgedVocabularyRoundTrips()
    {
        var model = await TestModels.SharedAsync(await DemoChatModel.GetOrCreateAsync());
        var text = "<|im_start|>user\nHello! Ünïcödé 🦙 text<|im_end|>";
        Assert.Equal(text, model.Detokenize(model.Tokenize(text, specialTokens: true), specialTokens: true));
        Assert.Equal(text, model.Detokenize(model.Tokenize(text)));
    }

    [SkippableFact]
    public async Task MetadataOverridesChangeTheLoadedModel()
    {
        var llama = await TestModels.GetLlamaAsync();
        var path = TestPaths.RequireFixture("models", "stories260K.gguf");
        using var plain = await llama.LoadModelAsync(new LlamaModelOptions(path) { VocabOnly = true });
        using var overridden = await llama.LoadModelAsync(new LlamaModelOptions(path)
        {
            VocabOnly = true,
            MetadataOverrides = new Dictionary<string, object> { ["tokenizer.ggml.add_bos_token"] = !plain.Tokens.ShouldPrependBos },
        });
        Assert.NotEqual(plain.Tokens.ShouldPrependBos, overridden.Tokens.ShouldPrependBos);
        await Assert.ThrowsAsync<ModelLoadException>(() => llama.LoadModelAsync(new LlamaModelOptions(path)
        {
            VocabOnly = true, MetadataOverrides = new Dictionary<string, object> { ["x"] = new object() },
        }));
    }
}
