using LlamaChat.Forge;
using LlamaChat.Gguf;

namespace LlamaChat.Tests.Forge;

public class ByteBpeVocabularyTests
{
    // The expected ids below were produced by llama.cpp (LLamaSharp 0.30.0) tokenizing a model forged with this
    // vocabulary; they pin the managed tokenizer to llama.cpp's behaviour.
    private const string VerifiedText = "Hello world! I'm here, aren't you? 123 4567 The quick brown fox    jumps\n\n over  the lazy dog. Ünïcødé 你好 🦙";
    private static readonly ByteBpeVocabulary Verified = new ByteBpeVocabularyBuilder().AddText(VerifiedText).Build();

    [Theory]
    [InlineData("Hello world! I'm here, aren't you?", true, new[] { 275, 280, 33, 281, 282, 286, 44, 290, 291, 294, 63 })]
    [InlineData("The quick brown fox    jumps\n\n over  the lazy dog.", true, new[] { 84, 104, 101, 309, 314, 317, 319, 324, 325, 329, 32, 332, 336, 339, 46 })]
    [InlineData("<think>\nHmm</think>\n\nHello", false, new[] { 266, 10, 72, 109, 109, 267, 10, 10, 275 })]
    [InlineData("<|im_start|>user\nHi<|im_end|>", true, new[] { 257, 117, 115, 101, 114, 10, 72, 105, 258 })]
    [InlineData("<|im_start|>user\nHi<|im_end|>", false, new[] { 60, 124, 105, 109, 95, 115, 116, 97, 114, 116, 124, 62, 117, 115, 101, 114, 10, 72, 105, 60, 124, 105, 109, 95, 101, 110, 100, 124, 62 })]
    [InlineData("a\n\n\nb  \t c", true, new[] { 97, 325, 10, 98, 318, 9, 32, 99 })]
    [InlineData("Ünïcødé 你好 🦙", true, new[] { 195, 156, 110, 195, 175, 99, 195, 184, 100, 195, 169, 356, 360 })]
    [InlineData(" Hello", true, new[] { 32, 275 })]
    public void TokenizesLikeLlamaCpp(string text, bool parseSpecial, int[] expected)
    {
        Assert.Equal(expected, Verified.Tokenize(text, parseSpecial));
        Assert.Equal(text, Verified.Detokenize(expected));
    }

    [Fact]
    public void LayoutIsBytesThenSpecialsThenMerges()
    {
        var vocab = new ByteBpeVocabularyBuilder().AddWord("Hello").Build();
        Assert.Equal("Ġ", vocab.TokenTexts[' ']);
        Assert.Equal("Ċ", vocab.TokenTexts['\n']);
        Assert.Equal("A", vocab.TokenTexts['A']);
        for (int i = 0; i < ForgeSpecialTokens.Defaults.Count; i++)
        {
            Assert.Equal(ForgeSpecialTokens.Defaults[i].Text, vocab.TokenTexts[ForgeSpecialTokens.FirstId + i]);
            Assert.Equal(ForgeSpecialTokens.Defaults[i].Type, vocab.GetTokenType(ForgeSpecialTokens.FirstId + i));
        }
        Assert.Equal(258, ForgeSpecialTokens.IdOf(ForgeSpecialTokens.ImEnd));
        Assert.Equal(GgufTokenType.Control, vocab.GetTokenType(ForgeSpecialTokens.IdOf(ForgeSpecialTokens.ImStart)));
        Assert.Equal(GgufTokenType.UserDefined, vocab.GetTokenType(ForgeSpecialTokens.IdOf(ForgeSpecialTokens.ThinkStart)));
        Assert.Equal(new[] { "H e", "He l", "Hel l", "Hell o" }, vocab.Merges);
        Assert.Equal("Hello", vocab.TokenTexts[^1]);
        Assert.Equal(256 + ForgeSpecialTokens.Defaults.Count + 4, vocab.Count);
    }

    [Fact]
    public void EveryAddedWordIsOneTokenAndEarlierWordsStayOneToken()
    {
        string[] words = ["Hello", " world", "!", " hello", "hell", " Hellos", "lo", " wor", "'s", "...", " 42", "\n\n", " naïve", " 你好"];
        var builder = new ByteBpeVocabularyBuilder();
        foreach (var word in words)
        {
            builder.AddWord(word);
            var vocab = builder.Build();
            foreach (var earlier in words.TakeWhile(w => w != word).Append(word))
                Assert.Single(vocab.Tokenize(earlier));
        }
    }

    [Fact]
    public void AddTextMakesEveryPieceOneToken()
    {
        var vocab = new ByteBpeVocabularyBuilder().AddText("<|im_start|>assistant\nSure, I'll help!<|im_end|>").Build();
        var ids = vocab.Tokenize("<|im_start|>assistant\nSure, I'll help!<|im_end|>");
        Assert.Equal(new[] { "<|im_start|>", "assistant", "\n", "Sure", ",", " I", "'ll", " help", "!", "<|im_end|>" },
            ids.Select(id => vocab.Detokenize([id])));
    }

    [Fact]
    public void ControlTokensNeedParseSpecialButUserDefinedTokensDoNot()
    {
        var vocab = new ByteBpeVocabularyBuilder().Build();
        Assert.Equal(new[] { 257 }, vocab.Tokenize("<|im_start|>", parseSpecial: true));
        Assert.True(vocab.Tokenize("<|im_start|>", parseSpecial: false).Count > 1);
        int think = ForgeSpecialTokens.IdOf("<think>");
        Assert.Equal(new[] { think }, vocab.Tokenize("<think>", parseSpecial: false));
    }

    [Fact]
    public void CustomSpecialTokensAndIdsAreConfigurable()
    {
        var builder = new ByteBpeVocabularyBuilder()
            .AddSpecialToken("<start_of_turn>")
            .AddSpecialToken("<end_of_turn>");
        builder.BosToken = ForgeSpecialTokens.BeginOfText;
        builder.EotToken = "<end_of_turn>";
        builder.AddBosToken = true;
        var vocab = builder.Build();
        Assert.Equal(ForgeSpecialTokens.IdOf(ForgeSpecialTokens.BeginOfText), vocab.BosTokenId);
        Assert.Equal(vocab.GetTokenId("<end_of_turn>"), vocab.EotTokenId);
        Assert.True(vocab.AddBosToken);
        Assert.Equal(ForgeSpecialTokens.FirstId + ForgeSpecialTokens.Defaults.Count + 1, vocab.GetTokenId("<end_of_turn>"));
    }

    [Fact]
    public void InvalidInputIsRefusedWithClearMessages()
    {
        var builder = new ByteBpeVocabularyBuilder();
        var e = Assert.Throws<ArgumentException>(() => builder.AddWord("Hello world"));
        Assert.Contains("2 pre-tokenizer pieces", e.Message);
        Assert.Throws<ArgumentException>(() => builder.AddWord("<|im_end|>"));
        Assert.Throws<ArgumentException>(() => builder.AddSpecialToken("<|im_end|>"));
        Assert.Throws<ArgumentException>(() => builder.AddSpecialToken("<x>", GgufTokenType.Normal));
        builder.EosToken = "</s>";
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        var vocab = new ByteBpeVocabularyBuilder().Build();
        Assert.Throws<ArgumentException>(() => vocab.GetSingleTokenId("Hello"));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocab.Detokenize([vocab.Count]));
    }

    [Fact]
    public void TokenizerMetadataIsGpt2Style()
    {
        var vocab = new ByteBpeVocabularyBuilder().AddWord("Hi").Build();
        var metadata = new GgufMetadata(vocab.GetTokenizerMetadata());
        Assert.Equal("gpt2", metadata.GetString("tokenizer.ggml.model"));
        Assert.Equal("gpt-2", metadata.GetString("tokenizer.ggml.pre"));
        Assert.Equal(vocab.Count, metadata.GetStringArray("tokenizer.ggml.tokens").Count);
        Assert.Equal(vocab.Count, metadata.GetArray<int>("tokenizer.ggml.token_type").Count);
        Assert.Equal(new[] { "H i" }, metadata.GetStringArray("tokenizer.ggml.merges"));
        Assert.Equal(258u, metadata.GetUInt32("tokenizer.ggml.eos_token_id"));
        Assert.Equal(258u, metadata.GetUInt32("tokenizer.ggml.eot_token_id"));
        Assert.Equal(256u, metadata.GetUInt32("tokenizer.ggml.bos_token_id"));
        Assert.False(metadata.GetBoolean("tokenizer.ggml.add_bos_token"));
    }
}
