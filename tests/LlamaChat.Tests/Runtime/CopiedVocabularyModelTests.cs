using LlamaChat.Evaluation;
using LlamaChat.Forge;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Runtime;

/// <summary>Forged models with real vocabularies (Llama 3, Qwen 2): real tokenizers, scripted greedy output.</summary>
public class CopiedVocabularyModelTests
{
    [SkippableTheory]
    [InlineData("ggml-vocab-llama-bpe", "<|eot_id|>")]
    [InlineData("ggml-vocab-qwen2", "<|im_end|>")]
    public async Task AForgedModelWithARealVocabularyFollowsItsScript(string vocabularyName, string endToken)
    {
        var vocabularyPath = TestPaths.RequireFixture("vocab", vocabularyName + ".gguf");
        var vocabulary = await CopiedVocabulary.FromGgufAsync(vocabularyPath);
        // Token ids come from llama.cpp's own tokenizer of that vocabulary.
        var llama = await TestModels.GetLlamaAsync();
        using var tokenizer = await llama.LoadModelAsync(new LlamaChat.Models.LlamaModelOptions(vocabularyPath) { VocabOnly = true });
        var prompt = tokenizer.Tokenize("The quick brown fox");
        var reply = tokenizer.Tokenize(" jumps over the lazy dog.", trimLeadingSpace: true);
        var end = tokenizer.Tokenize(endToken, specialTokens: true).Single();
        var script = new TokenScript { EndTokenId = end };
        script.AddChain([prompt[^1], .. reply, end]);
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted " + vocabularyName, ContextLength = 2048 }.WithScript(script);
        var model = await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-copied-" + vocabularyName, builder));

        Assert.Equal(tokenizer.VocabularySize, model.VocabularySize);
        Assert.Equal(prompt, model.Tokenize("The quick brown fox"));
        await using var context = await TestModels.ContextAsync(model);
        using var sequence = context.GetSequence();
        var output = new List<int>();
        await foreach (var token in sequence.EvaluateAsync(prompt))
        {
            if (model.IsEogToken(token)) break;
            output.Add(token);
        }
        Assert.Equal(reply, output);
        Assert.Equal(" jumps over the lazy dog.", model.Detokenize(output.ToArray(), lastTokens: prompt));
        var special = model.Tokenize("Hi" + endToken, specialTokens: true);
        Assert.Equal("Hi" + endToken, model.Detokenize(special, specialTokens: true));
        Assert.True(model.IsEogToken(special[^1]));
    }
}
