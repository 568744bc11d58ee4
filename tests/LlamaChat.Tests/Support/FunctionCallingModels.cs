using LlamaChat.Forge;
using LlamaChat.Gguf;
using LlamaChat.Models;

namespace LlamaChat.Tests.Support;

/// <summary>
/// Scripted models that call functions: they write a call, and once a function result is in the context they answer
/// in text (a marker attention head switches the successor of the turn's first token).
/// </summary>
public static class FunctionCallingModels
{
    public const string FinalAnswer = "The apple costs $6.";

    private static ByteBpeVocabularyBuilder BaseVocabulary() => new ByteBpeVocabularyBuilder()
        .AddWords("system", "user", "assistant", "getFruitPrice", "getTime", "{\"", "name", "\":", " \"", "apple", "\"}", "The", " apple", " costs", " $", "6", ".")
        .AddText("You are a helpful assistant. Is an apple more expensive than a banana? What time is it? Get the price of a fruit");

    /// <summary>Qwen format: calls getFruitPrice({"name": "apple"}); with <paramref name="parallel"/>, also getTime() in the same section.</summary>
    public static async Task<LlamaModel> QwenAsync(bool parallel)
    {
        const string callStart = "\n{\"name\": \"";
        const string paramsPrefix = "\", \"arguments\": ";
        var vocabulary = BaseVocabulary()
            .AddSpecialToken(callStart, GgufTokenType.UserDefined)
            .AddSpecialToken(paramsPrefix, GgufTokenType.UserDefined)
            .Build();
        int T(string text) => vocabulary.GetTokenId(text);
        int W(string text) => vocabulary.GetSingleTokenId(text);
        var imEnd = T(ForgeSpecialTokens.ImEnd);
        var toolCall = T(ForgeSpecialTokens.ToolCallStart);
        var toolCallEnd = T(ForgeSpecialTokens.ToolCallEnd);
        var script = new TokenScript { EndTokenId = imEnd };
        script.AddChain(W("\n"), toolCall, T(callStart), W("getFruitPrice"), T(paramsPrefix), W("{\""), W("name"), W("\":"), W(" \""), W("apple"), W("\"}"));
        script.AddChain(toolCallEnd, parallel ? W("\n") : imEnd);
        // After a first call's arguments (the docs in the system prompt never contain this token), the next call is getTime.
        if (parallel) script.AddContextRule(T(paramsPrefix), T(callStart), W("getTime"));
        script.AddContextRule(T(ForgeSpecialTokens.ToolResponseStart), W("\n"), W("The"));
        script.AddChain(W("The"), W(" apple"), W(" costs"), W(" $"), W("6"), W("."), imEnd);
        var builder = new ForgedModelBuilder(vocabulary)
            { Name = "scripted qwen tools", ChatTemplate = ScriptedChatModels.ChatMlTemplate, ContextLength = 4096 }.WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync(parallel ? "test-qwen-tools-parallel" : "test-qwen-tools", builder));
    }

    /// <summary>Llama 3.1 format: calls getFruitPrice with &lt;function=…&gt;, then answers after the ipython result.</summary>
    public static async Task<LlamaModel> Llama3Async()
    {
        var vocabulary = BaseVocabulary()
            .AddSpecialToken("<function=", GgufTokenType.UserDefined)
            .AddSpecialToken("</function>", GgufTokenType.UserDefined)
            .AddWords("\n\n")
            .Build();
        int T(string text) => vocabulary.GetTokenId(text);
        int W(string text) => vocabulary.GetSingleTokenId(text);
        var eot = T(ForgeSpecialTokens.EotId);
        var headerEnd = vocabulary.Tokenize("<|end_header_id|>\n\n")[^1];
        var script = new TokenScript { EndTokenId = eot };
        script.AddChain(headerEnd, T("<function="), W("getFruitPrice"), W(">"), W("{\""), W("name"), W("\":"), W(" \""), W("apple"), W("\"}"));
        script.AddContextRule(T(ForgeSpecialTokens.EomId), headerEnd, W("The"));
        script.AddChain(W("The"), W(" apple"), W(" costs"), W(" $"), W("6"), W("."), eot);
        var builder = new ForgedModelBuilder(vocabulary)
            { Name = "scripted llama 3.1 tools", ChatTemplate = ScriptedChatModels.Llama3Template, ContextLength = 4096 }.WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-llama3-tools", builder));
    }

    /// <summary>
    /// Functionary v3: the turn starts in function-call mode. With <paramref name="call"/>, the model calls getFruitPrice
    /// and, once the result is back, writes "&gt;&gt;&gt;all\n" and its answer; otherwise it answers "Hello!" straight away.
    /// </summary>
    public static async Task<LlamaModel> FunctionaryAsync(bool call)
    {
        var vocabulary = BaseVocabulary().AddWords(">>>", "all", "\n\n", "Hello", "!").Build();
        int T(string text) => vocabulary.GetTokenId(text);
        int W(string text) => vocabulary.GetSingleTokenId(text);
        var eot = T(ForgeSpecialTokens.EotId);
        var headerEnd = vocabulary.Tokenize("<|end_header_id|>\n\n")[^1];
        var script = new TokenScript { EndTokenId = eot };
        script.AddChain(headerEnd, W(">>>"));
        if (call)
        {
            script.AddChain(W(">>>"), W("getFruitPrice"));
            script.AddChain(W("\n"), W("{\""), W("name"), W("\":"), W(" \""), W("apple"), W("\"}"));
            // After the call ("apple" was written), the recipient is "all" and the text answer follows.
            script.AddContextRule(W("apple"), W(">>>"), W("all"));
            script.AddContextRule(W("apple"), W("\n"), W("The"));
            script.AddChain(W("all"), W("\n"));
            script.AddChain(W("The"), W(" apple"), W(" costs"), W(" $"), W("6"), W("."), eot);
        }
        else
        {
            script.AddChain(W(">>>"), W("all"), W("\n"), W("Hello"), W("!"), eot);
        }
        var builder = new ForgedModelBuilder(vocabulary)
            { Name = "scripted functionary", ChatTemplate = ScriptedChatModels.Llama3Template, ContextLength = 4096 }.WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync(call ? "test-functionary-call" : "test-functionary-text", builder));
    }

    /// <summary>
    /// Functionary v2: messages are "&lt;|from|&gt;…\n&lt;|recipient|&gt;…\n&lt;|content|&gt;…"; the model opens its own message and
    /// names a function as the recipient, or "all" for a text answer (then "Hello!"). After the result it answers in text.
    /// </summary>
    public static async Task<LlamaModel> FunctionaryV2Async(bool call)
    {
        var builder = new ByteBpeVocabularyBuilder { EosToken = "<|stop|>", EotToken = "<|stop|>" };
        foreach (var special in new[] { "<|from|>", "<|recipient|>", "<|content|>", "<|stop|>" }) builder.AddSpecialToken(special);
        // A word with its line break, so that "\n" itself can have a single successor.
        foreach (var line in new[] { "assistant\n", "all\n" }) builder.AddSpecialToken(line, GgufTokenType.UserDefined);
        var vocabulary = builder
            .AddWords("system", "user", "getFruitPrice", "{\"", "name", "\":", " \"", "apple", "\"}",
                "The", " apple", " costs", " $", "6", ".", "Hello", "!", "?")
            .AddText("You are a helpful assistant. Is an apple more expensive than a banana? Get the price of a fruit").Build();
        int T(string text) => vocabulary.GetTokenId(text);
        int W(string text) => vocabulary.GetSingleTokenId(text);
        var stop = T("<|stop|>");
        var script = new TokenScript { EndTokenId = stop };
        // The user's question ends with "?": the model opens its message and writes the recipient.
        script.AddChain(W("?"), W("\n"), T("<|from|>"), T("assistant\n"), T("<|recipient|>"), call ? W("getFruitPrice") : T("all\n"));
        if (call)
        {
            script.AddChain(T("<|content|>"), W("{\""), W("name"), W("\":"), W(" \""), W("apple"), W("\"}"));
            // Once the call was made ("apple" was written), the message after the result is the text answer.
            script.AddContextRule(W("apple"), T("<|content|>"), W("The"));
            script.AddChain(W("The"), W(" apple"), W(" costs"), W(" $"), W("6"), W("."), stop);
        }
        else
        {
            script.AddChain(T("all\n"), T("<|content|>"), W("Hello"), W("!"), stop);
        }
        var forged = new ForgedModelBuilder(vocabulary)
            { Name = "scripted functionary v2", ChatTemplate = ScriptedChatModels.ChatMlTemplate, ContextLength = 4096 }.WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync(call ? "test-functionary-v2-call" : "test-functionary-v2-text", forged));
    }

    public const string HarmonyFinalAnswer = "The apple costs $6!";

    /// <summary>
    /// gpt-oss's Harmony format: the call is announced on the commentary channel ("&lt;|channel|&gt;commentary to=…"), a prefix
    /// trigger whose text LlamaChat replaces with the format's own call prefix; after the result the model answers on the
    /// final channel.
    /// </summary>
    public static async Task<LlamaModel> HarmonyAsync()
    {
        string[] specials = ["<|start|>", "<|channel|>", "<|message|>", "<|end|>", "<|return|>", "<|call|>", "<|constrain|>"];
        var builder = new ByteBpeVocabularyBuilder { EosToken = "<|return|>", EotToken = "<|return|>" };
        foreach (var special in specials) builder.AddSpecialToken(special);
        var vocabulary = builder
            .AddWords("assistant", "commentary", " to", "=", "functions", ".", "getFruitPrice", "json", "{\"", "name", "\":", " \"", "apple", "\"}",
                "final", "The", " apple", " costs", " $", "6", "!")
            .AddText("You are a helpful assistant. Is an apple more expensive than a banana? Get the price of a fruit").Build();
        int T(string text) => vocabulary.GetTokenId(text);
        int W(string text) => vocabulary.GetSingleTokenId(text);
        var script = new TokenScript { EndTokenId = T("<|return|>") };
        script.AddChain(W("assistant"), T("<|channel|>"), W("commentary"), W(" to"), W("="));
        script.AddChain(W("."), W("getFruitPrice"));
        script.AddChain(T("<|message|>"), W("{\""), W("name"), W("\":"), W(" \""), W("apple"), W("\"}"));
        // Once the call was made ("apple" was written), the model answers on the final channel.
        script.AddContextRule(W("apple"), T("<|channel|>"), W("final"));
        script.AddContextRule(W("apple"), T("<|message|>"), W("The"));
        script.AddChain(W("final"), T("<|message|>"));
        script.AddChain(W("The"), W(" apple"), W(" costs"), W(" $"), W("6"), W("!"), T("<|return|>"));
        var forged = new ForgedModelBuilder(vocabulary)
            { Name = "scripted harmony tools", ChatTemplate = ScriptedChatModels.ChatMlTemplate, ContextLength = 4096 }.WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-harmony-tools", forged));
    }
}
