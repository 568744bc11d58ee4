using LlamaChat.Gguf;

namespace LlamaChat.Models;

/// <summary>
/// Checks the vocabulary arrays llama.cpp trusts: it asserts on their element types and on duplicate tokens while
/// loading, and a C++ exception thrown while tokenizing ends the whole process too. Runs for vocab-only loads as well.
/// </summary>
internal static class VocabularyCheck
{
    public static void Validate(string path, GgufFileInfo info, IReadOnlyDictionary<string, object>? overrides)
    {
        var metadata = info.Metadata;
        var model = overrides?.GetValueOrDefault("tokenizer.ggml.model") as string ?? info.TokenizerModel;
        if (model is null or "none" or "no_vocab") return; // llama.cpp reads no arrays then
        void Fail(string reason) => throw new ModelLoadException(path, $"'{path}' cannot be loaded: {reason}");

        // gguf_get_arr_str / gguf_get_arr_data assert on the element type.
        foreach (var (key, strings) in new[] { ("tokenizer.ggml.tokens", true), ("tokenizer.ggml.merges", true),
                     ("tokenizer.ggml.scores", false), ("tokenizer.ggml.token_type", false) })
        {
            if (metadata.Find(key) is not { IsArray: true } array) continue; // missing or not an array: llama.cpp refuses it cleanly
            var isString = array.ElementType == GgufValueType.String;
            if (strings != isString || array.ElementType == GgufValueType.Array)
                Fail($"{key} is an array of {array.ElementType}; llama.cpp expects {(strings ? "strings" : "numbers")}.");
        }
        if (!metadata.TryGetStringArray("tokenizer.ggml.tokens", out var tokens)) return;

        // llama.cpp asserts that every token text is distinct. (Texts that are not valid UTF-8 decode alike, so they are skipped.)
        var seen = new HashSet<string>(tokens.Count, StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
            if (!seen.Add(tokens[i]) && !tokens[i].Contains('\uFFFD'))
                Fail($"token {i} ('{tokens[i]}') repeats an earlier token in tokenizer.ggml.tokens.");

        // A WordPiece vocabulary cannot hold byte tokens: llama.cpp aborts rendering one.
        if (model == "bert" && metadata.TryGetArray<int>("tokenizer.ggml.token_type", out var types) && types.Contains(ByteTokenType))
            Fail("it has byte tokens (type 6), which a WordPiece (\"bert\") vocabulary cannot have.");

        // SentencePiece spells text it has no token for byte by byte; a missing byte token throws inside llama_tokenize.
        if (model == "llama")
            for (var b = 0; b < 256; b++)
                if (!seen.Contains($"<0x{b:X2}>") && !(b < 0x80 && seen.Contains(((char)b).ToString())))
                    Fail($"its SentencePiece vocabulary has no byte token <0x{b:X2}>, so llama.cpp would crash tokenizing text it has no token for.");
    }

    private const int ByteTokenType = 6;
}
