using LlamaChat.Chat;
using LlamaChat.Models;
using LlamaChat.Tests.Support;
using LlamaChat.Text;

namespace LlamaChat.Tests.Chat;

/// <summary>
/// The context tokenizer keeps the tokens of the last context and as many generated tokens as the new context still
/// spells out. Whatever the history stored of the answer, the tokens it returns must spell exactly the new context.
/// </summary>
public class ContextTokenizerTests
{
    [SkippableTheory]
    [InlineData("ggml-vocab-llama-bpe")]
    [InlineData("ggml-vocab-qwen2")]
    [InlineData("ggml-vocab-llama-spm")]
    public async Task WhateverTheHistoryStoredTheTokensSpellTheNewContext(string vocabulary)
    {
        var llama = await TestModels.GetLlamaAsync();
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(TestPaths.RequireFixture("vocab", vocabulary + ".gguf")) { VocabOnly = true });
        var random = new Random(11);
        // Generated tokens: whole-character pieces, so that any prefix of them has a text of its own.
        var plain = Enumerable.Range(0, model.VocabularySize)
            .Where(t => !model.IsSpecialToken(t) && model.Detokenize([t]) is { Length: > 0 } piece && !piece.Contains('\uFFFD'))
            .ToArray();
        // A control token with no text (SentencePiece's vocabulary has none besides BOS and EOS).
        var control = Enumerable.Range(0, model.VocabularySize).Cast<int?>()
            .FirstOrDefault(t => model.IsSpecialToken(t!.Value) && !model.IsEogToken(t.Value) && t != model.Tokens.Bos);
        var endOfTurn = model.Detokenize([model.Tokens.Eos!.Value], specialTokens: true);
        var context = new LlamaText(SpecialToken.Bos, "You are terse.\nUser: what is a river?\nAssistant:");
        var contextTokens = context.Tokenize(model);

        for (var i = 0; i < 300; i++)
        {
            var generated = Enumerable.Range(0, random.Next(1, 24)).Select(_ => plain[random.Next(plain.Length)]).ToList();
            var withControl = control is not null && random.Next(4) == 0;
            if (withControl) generated.Insert(random.Next(generated.Count + 1), control!.Value);
            // What the history keeps: the text without the control token, maybe with trailing whitespace or an end cut off.
            var answer = model.Detokenize(generated.Where(t => t != control).ToArray());
            var edit = random.Next(3);
            if (edit == 1) answer = answer.TrimEnd();
            if (edit == 2) answer = answer[..random.Next(answer.Length + 1)];
            var next = new LlamaText(context, answer, new SpecialTokensText(endOfTurn), "\nUser: and a stone?\nAssistant:");

            var tokenizer = new ContextTokenizer(model);
            tokenizer.Remember(context, contextTokens, [.. generated]);
            var tokens = tokenizer.Tokenize(next);

            Assert.Equal(contextTokens, tokens[..contextTokens.Length]);
            Assert.Equal(model.Detokenize(next.Tokenize(model), specialTokens: true), model.Detokenize(tokens, specialTokens: true));
            // The generated tokens are kept up to the control token or up to where the stored answer ends.
            var kept = 0;
            while (kept < generated.Count && generated[kept] != control && answer.StartsWith(model.Detokenize(generated.Take(kept + 1).ToArray()), StringComparison.Ordinal))
                kept++;
            Assert.Equal(generated.Take(kept), tokens.Skip(contextTokens.Length).Take(kept));
        }
    }
}
