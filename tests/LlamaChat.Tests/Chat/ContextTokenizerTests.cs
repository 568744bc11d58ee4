using LlamaChat.Chat;
using LlamaChat.Models;
using LlamaChat.Tests.Support;
using LlamaChat.Text;

namespace LlamaChat.Tests.Chat;

/// <summary>
/// The context tokenizer keeps the tokens of the last context and as many generated tokens as the new context still
/// spells out. Whatever the history stored of the answer and however the wrapper split it into plain and special parts,
/// the tokens it returns must spell exactly the new context.
/// </summary>
public class ContextTokenizerTests
{
    private static readonly string[] MultiByteCharacters = ["é", "ñ", "€", "漢", "😀"];

    [SkippableTheory]
    [InlineData("ggml-vocab-llama-bpe")]
    [InlineData("ggml-vocab-qwen2")]
    [InlineData("ggml-vocab-llama-spm")]
    public async Task WhateverTheHistoryStoredTheTokensSpellTheNewContext(string vocabulary)
    {
        var llama = await TestModels.GetLlamaAsync();
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(TestPaths.RequireFixture("vocab", vocabulary + ".gguf")) { VocabOnly = true });
        var random = new Random(11);
        // Generated tokens: whole-character pieces, and characters written one byte token at a time.
        var plain = Enumerable.Range(0, model.VocabularySize)
            .Where(t => !model.IsSpecialToken(t) && model.Detokenize([t]) is { Length: > 0 } piece && !piece.Contains('\uFFFD'))
            .ToArray();
        var byteTokens = Enumerable.Range(0, model.VocabularySize).Where(t => !model.IsSpecialToken(t) && model.GetTokenBytes(t).Length == 1)
            .GroupBy(t => model.GetTokenBytes(t)[0]).ToDictionary(g => g.Key, g => g.First());
        int[] BytesOf(string character) => System.Text.Encoding.UTF8.GetBytes(character).Select(b => byteTokens[b]).ToArray();
        // A control token with no text (SentencePiece's vocabulary has none besides BOS and EOS).
        var control = Enumerable.Range(0, model.VocabularySize).Cast<int?>()
            .FirstOrDefault(t => model.IsSpecialToken(t!.Value) && !model.IsEogToken(t.Value) && t != model.Tokens.Bos);
        var endOfTurn = model.Detokenize([model.Tokens.Eos!.Value], specialTokens: true);
        var context = new LlamaText(SpecialToken.Bos, "You are terse.\nUser: what is a river?\nAssistant:");
        var contextTokens = context.Tokenize(model);

        for (var i = 0; i < 300; i++)
        {
            var generated = new List<int>();
            for (var n = random.Next(1, 24); generated.Count < n;)
                generated.AddRange(random.Next(5) == 0 ? BytesOf(MultiByteCharacters[random.Next(MultiByteCharacters.Length)]) : [plain[random.Next(plain.Length)]]);
            var withControl = control is not null && random.Next(4) == 0;
            if (withControl) generated.Insert(random.Next(generated.Count + 1), control!.Value);
            // What the history keeps: the text without the control token (or, edited, with its text as plain text),
            // maybe with trailing whitespace or an end cut off.
            var controlAsText = withControl && random.Next(3) == 0;
            var answer = controlAsText
                ? model.Detokenize(generated.ToArray(), specialTokens: true)
                : model.Detokenize(generated.Where(t => t != control).ToArray());
            // A model that spelled the end-of-turn text out in plain tokens stopped on it as a trigger text, which the
            // answer leaves out; the render's end-of-turn control token must not be taken for those tokens.
            if (random.Next(4) == 0) generated.AddRange(model.Tokenize(endOfTurn, trimLeadingSpace: true));
            var edit = random.Next(3);
            if (edit == 1) answer = answer.TrimEnd();
            if (edit == 2) answer = answer[..CutAt(answer, random.Next(answer.Length + 1))];
            var afterContext = new LlamaText(controlAsText ? answer : SplitIntoKinds(answer, random), new SpecialTokensText(endOfTurn), "\nUser: and a stone?\nAssistant:");
            var next = new LlamaText(context, afterContext);

            var tokenizer = new ContextTokenizer(model);
            tokenizer.Remember(context, contextTokens, [.. generated]);
            var tokens = tokenizer.Tokenize(next);

            Assert.Equal(contextTokens, tokens[..contextTokens.Length]);
            Assert.Equal(model.Detokenize(next.Tokenize(model), specialTokens: true), model.Detokenize(tokens, specialTokens: true));
            // The generated tokens are kept up to the control token or up to where the stored answer ends.
            var kept = 0;
            while (kept < generated.Count && generated[kept] != control && answer.StartsWith(model.Detokenize(generated.Take(kept + 1).ToArray()).TrimEnd('\uFFFD'), StringComparison.Ordinal))
                kept++;
            while (kept > 0 && model.Detokenize(generated.Take(kept).ToArray()).EndsWith('\uFFFD')) kept--; // not in the middle of a character
            Assert.Equal(kept, GeneratedTokenMatcher.Match(model, generated, afterContext, out _));
            Assert.Equal(generated.Take(kept), tokens.Skip(contextTokens.Length).Take(kept));
        }
    }

    /// <summary>The answer as a wrapper might render it: its parts alternately plain and special-tokens text.</summary>
    private static LlamaText SplitIntoKinds(string answer, Random random)
    {
        var parts = new List<LlamaText>();
        var special = random.Next(2) == 0;
        for (var start = 0; start < answer.Length; special = !special)
        {
            var end = CutAt(answer, Math.Min(answer.Length, start + 1 + random.Next(8)));
            if (end == start) end = Math.Min(answer.Length, start + 2);
            var part = answer[start..end];
            parts.Add(special ? new SpecialTokensText(part) : part);
            start = end;
        }
        return new LlamaText(parts);
    }

    /// <summary>Where to cut <paramref name="text"/> near <paramref name="length"/> without splitting a surrogate pair.</summary>
    private static int CutAt(string text, int length) => length > 0 && length < text.Length && char.IsLowSurrogate(text[length]) ? length - 1 : length;
}
