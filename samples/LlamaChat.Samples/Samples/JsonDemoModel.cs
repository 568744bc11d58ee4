using LlamaChat.Forge;

namespace LlamaChat.Samples.Samples;

/// <summary>
/// The model the JSON samples use when no model is given. The general demo model answers the same sentence to
/// everything, which a JSON grammar would turn into JSON that never ends; this tiny forged ChatML model instead
/// answers the guide's JSON questions with JSON (a bigram script, so a real model is needed for real answers).
/// </summary>
public static class JsonDemoModel
{
    /// <summary><paramref name="modelPath"/>, or this model's path when it is the general demo model.</summary>
    public static async Task<string> ResolveAsync(string modelPath)
    {
        if (!string.Equals(Path.GetFullPath(modelPath), Path.GetFullPath(await DemoChatModel.GetOrCreateAsync()), StringComparison.Ordinal))
            return modelPath;
        Console.WriteLine("(For JSON, the forged JSON demo model is used: it answers this sample's questions with fixed JSON.)\n");
        return await ForgeCache.Default.GetOrCreateAsync("demo-json", CreateBuilder());
    }

    // After "<|im_start|>assistant\n" the model writes one of three answers; the words the user wrote decide which:
    //   {"message":"hi there"}
    //   {"message":"hi there","author":"Llama"}                       once "author" was written
    //   {"positiveWordsInUserMessage":["Nice"],...,"nameOfUser":"John"} once "John" was written
    // Each token has one successor, so shared tokens switch successor by a context rule on the marker word.
    private static ForgedModelBuilder CreateBuilder()
    {
        string[] message = ["{\"", "message", "\":\"", "hi", " there", "\"}"];
        string[] author = ["\",\"", "author", "\":", "\"", "Llama", "\"}"];
        string[] analysis =
        [
            "positiveWordsInUserMessage", "\":[\"", "Nice", "\"],\"", "userMessagePositivityScoreFromOneToTen",
            "8", ",\"", "nameOfUser", "John", "\"}",
        ];
        var vocabulary = new ByteBpeVocabularyBuilder()
            .AddWords("system", "user", "assistant")
            .AddWords(message).AddWords(author).AddWords(analysis)
            .Build();
        int T(string text) => vocabulary.GetSingleTokenId(text);
        var end = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd);
        var script = new TokenScript { EndTokenId = end };
        script.AddChain([T("\n"), .. message.Select(T), end]);
        script.AddContextRule(T("author"), T(" there"), T("\",\""));
        script.AddChain(author.Select(T));
        script.AddContextRule(T("John"), T("{\""), T("positiveWordsInUserMessage"));
        script.AddChain(T("positiveWordsInUserMessage"), T("\":[\""), T("Nice"), T("\"],\""), T("userMessagePositivityScoreFromOneToTen"), T("\":"));
        script.AddContextRule(T("John"), T("\":"), T("8"));
        script.AddChain(T("8"), T(",\""), T("nameOfUser"), T("\":\""));
        script.AddContextRule(T("John"), T("\":\""), T("John"));
        script.AddChain(T("John"), T("\"}"));
        return new ForgedModelBuilder(vocabulary) { Name = "LlamaChat JSON demo model (forged)", ChatTemplate = DemoChatModel.ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
    }
}
