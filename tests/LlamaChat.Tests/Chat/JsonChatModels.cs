using LlamaChat.Forge;
using LlamaChat.Models;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

/// <summary>
/// Scripted ChatML models (the project's own vocabulary) whose greedy answers are the JSON of the guide's "JSON
/// Response" and "JSON Response With a Schema" examples, spelled with tokens the grammars accept, so the tests can
/// assert the parsed values.
/// </summary>
public static class JsonChatModels
{
    public const string FirstJsonQuestion = "Create a JSON that contains a message saying \"hi there\"";
    public const string SecondJsonQuestion = "Add another field to the JSON with the key being \"author\" and the value being \"Llama\"";
    public const string FirstJsonAnswer = """{"message":"hi there"}""";
    public const string SecondJsonAnswer = """{"message":"hi there","author":"Llama"}""";

    public const string SchemaQuestion = "Hi there! I'm John. Nice to meet you!";
    public const string SchemaAnswer = """{"positiveWordsInUserMessage":["Nice"],"userMessagePositivityScoreFromOneToTen":8,"nameOfUser":"John"}""";

    /// <summary>The guide's schema, in its property order.</summary>
    public const string Schema = """
        {
            "type": "object",
            "properties": {
                "positiveWordsInUserMessage": {"type": "array", "items": {"type": "string"}},
                "userMessagePositivityScoreFromOneToTen": {"enum": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]},
                "nameOfUser": {"oneOf": [{"type": "null"}, {"type": "string"}]}
            }
        }
        """;

    /// <summary>
    /// Answers <see cref="FirstJsonAnswer"/>; once the user has written "author", <see cref="SecondJsonAnswer"/>.
    /// A bigram script gives each token one successor, so the second answer spells its second ":" differently
    /// (<c>":</c> then <c>"</c>), and a context rule on " there" (marker: the token "author") continues it.
    /// </summary>
    public static Task<string> JsonResponsePathAsync()
    {
        var vocabulary = new ByteBpeVocabularyBuilder()
            .AddWords("system", "user", "assistant", "{\"", "message", "\":\"", "hi", " there", "\"}", "\",\"", "author", "\":", "Llama")
            .AddText(FirstJsonQuestion + " " + SecondJsonQuestion)
            .Build();
        int T(string text) => vocabulary.GetSingleTokenId(text);
        var end = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd);
        var script = new TokenScript { EndTokenId = end };
        script.AddChain(T("\n"), T("{\""), T("message"), T("\":\""), T("hi"), T(" there"), T("\"}"), end);
        script.AddContextRule(T("author"), T(" there"), T("\",\""));
        script.AddChain(T("\",\""), T("author"), T("\":"), T("\""), T("Llama"), T("\"}"));
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted json response", ChatTemplate = ScriptedChatModels.ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
        return ForgeCache.Default.GetOrCreateAsync("test-json-response", builder);
    }

    /// <summary>Answers <see cref="SchemaAnswer"/> to any prompt.</summary>
    public static Task<string> JsonSchemaPathAsync()
    {
        string[] pieces =
        [
            "{\"", "positiveWordsInUserMessage", "\":[\"", "Nice", "\"],\"", "userMessagePositivityScoreFromOneToTen",
            "\":", "8", ",\"", "nameOfUser", "\":\"", "John", "\"}",
        ];
        var vocabulary = new ByteBpeVocabularyBuilder()
            .AddWords("system", "user", "assistant").AddWords(pieces)
            .AddText(SchemaQuestion)
            .Build();
        var end = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd);
        var script = new TokenScript { EndTokenId = end };
        script.AddChain([vocabulary.GetSingleTokenId("\n"), .. pieces.Select(vocabulary.GetSingleTokenId), end]);
        var builder = new ForgedModelBuilder(vocabulary) { Name = "scripted json schema response", ChatTemplate = ScriptedChatModels.ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
        return ForgeCache.Default.GetOrCreateAsync("test-json-schema", builder);
    }

    public static async Task<LlamaModel> JsonResponseAsync() => await TestModels.SharedAsync(await JsonResponsePathAsync());
    public static async Task<LlamaModel> JsonSchemaAsync() => await TestModels.SharedAsync(await JsonSchemaPathAsync());
}
