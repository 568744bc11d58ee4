using LlamaChat.Evaluation;
using LlamaChat.Forge;
using LlamaChat.Gguf;
using LlamaChat.Models;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Grammar;

/// <summary>
/// A small random-weight ChatML model with the project's own vocabulary, for structured output on real inference:
/// its vocabulary has single tokens for JSON punctuation runs, numbers, literals and the words of the conformance
/// schemas, so a grammar has many different tokens to choose from at each step and sampled outputs vary.
/// </summary>
public static class JsonInferenceModel
{
    // Text whose GPT-2 pre-tokenizer pieces become tokens: JSON in several layouts plus the keys, enum values and
    // formats the schemas use. Multi-character punctuation runs ("{\"", "\":[", "\"},") let one token close
    // several levels at once, which llama.cpp's grammar must handle token by token.
    private const string Corpus = """
        {"name": "John", "age": 42, "value": -3.25e+10, "id": 7, "children": [], "kind": "point", "x": 0.5}
        {"a":1,"b":"x","c":true,"d":null,"e":false,"f":[1,2,3],"g":{"h":[]},"k":2}
        [{"sku":"AB123","qty":12,"tags":["new","sale"]},{"orders":[]}], {"home":{"city":"Paris"},"work":{}}
        {"p":{"a":1,"b":"x"}} {"kind":"circle","r":1.5} {"kind":"square","side":-4} ["op",true,false]
        cat dog cats dogs and ab abc abbc xyz op yes no null true false
        2023-02-28 2024-01-01T12:00:00Z 12:30:59Z 23:59:60+01:00 550e8400-e29b-41d4-a716-446655440000
        user@example.com https://example.org/path?q=1#top 192.168.0.1 127.0.0.1 ABC-123 XY-9876
        名前 emoji😀 \u00e9 \t \\ \/ \" 0 1 2 3 4 5 6 7 8 9 10 99 100 123 1000 1234 2024 -50 -7 1e5 0.25 E-3
        positiveWordsInUserMessage userMessagePositivityScoreFromOneToTen nameOfUser message author Llama
        Hi there! I'm John. Nice to meet you! Create a JSON that contains a message saying "hi there"
        """;

    /// <summary>The path of the model (forged once into the forge cache).</summary>
    public static Task<string> PathAsync()
    {
        var builder = new ByteBpeVocabularyBuilder().AddWords("system", "user", "assistant", "ab", "abc", "abbc").AddText(Corpus);
        foreach (var piece in new[] { "\n\n", "\n\n\n\n", "\n  ", "\n    ", "  ", "    ", "\":\"", "\",\"", "\"}", "\"]", "}}", "]}", "},{\"", "\"],\"", "\":{\"", "\":[\"", "\":[{\"" })
            builder.AddWord(piece);
        var vocabulary = builder.Build();
        var shape = new ForgedModelShape { LayerCount = 1, EmbeddingLength = 64, HeadCount = 2, KvHeadCount = 1, FeedForwardLength = 128 };
        var model = new ForgedModelBuilder(vocabulary)
        {
            Name = "random json test model",
            ChatTemplate = ScriptedChatModels.ChatMlTemplate,
            ContextLength = 4096,
        }.WithRandomWeights(shape, GgmlType.F32, seed: 7);
        return ForgeCache.Default.GetOrCreateAsync("test-json-random", model);
    }

    /// <summary>The shared loaded model.</summary>
    public static async Task<LlamaModel> LoadAsync() => await TestModels.SharedAsync(await PathAsync());

    /// <summary>
    /// Sampling options for JSON from the random model: every token is a candidate (no top-k or top-p cut), with a bias.
    /// Random weights give an almost flat distribution, under which a JSON string closes about once in several hundred
    /// tokens (arrays and objects close soon enough: few tokens can follow an item). A trained model prefers to finish
    /// what it opened; the bias stands in for that by making the quote token (and every token containing one
    /// of the <paramref name="hints"/>) more likely. The grammar still decides what is allowed, so the
    /// outputs stay arbitrary but finish within a few dozen tokens.
    /// Bytes that would not make valid UTF-8 are the sampler's business (see <see cref="JsonInferenceUtf8Tests"/>).
    /// </summary>
    public static SamplingOptions Sampling(LlamaModel model, float temperature, uint seed, params string[] hints)
    {
        const float Bias = 4f;
        var bias = new TokenBias(model).Set("\"", Bias);
        var hintBytes = hints.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        for (var token = 0; token < model.VocabularySize; token++)
        {
            if (model.IsSpecialToken(token)) continue;
            var bytes = model.GetTokenBytes(token);
            if (ContainsAny(bytes, hintBytes))
                bias.Set(token, Bias);
        }
        return new SamplingOptions { Temperature = temperature, Seed = seed, TopK = 0, TopP = 1, TokenBias = bias };
    }

    private static bool ContainsAny(ReadOnlySpan<byte> bytes, byte[][] parts)
    {
        foreach (var part in parts)
            if (bytes.IndexOf(part) >= 0) return true;
        return false;
    }
}
