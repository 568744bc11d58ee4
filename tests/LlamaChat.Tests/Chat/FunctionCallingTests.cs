using System.Text.Json.Nodes;
using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.History;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

public class FunctionCallingTests
{
    private sealed record FruitQuery(string Name);

    private static readonly Dictionary<string, string> FruitPrices = new() { ["apple"] = "$6", ["banana"] = "$4" };

    private static Dictionary<string, ChatSessionFunction> Functions(List<string> calls) => new()
    {
        ["getFruitPrice"] = ChatSessionFunction.Define<FruitQuery>("Get the price of a fruit", query =>
        {
            calls.Add("getFruitPrice:" + query.Name);
            var name = query.Name.ToLowerInvariant();
            return FruitPrices.TryGetValue(name, out var price) ? new { name, price } : $"Unrecognized fruit \"{query.Name}\"";
        }),
        ["getTime"] = ChatSessionFunction.FromDelegate("Get the current time", () => { calls.Add("getTime"); return "12:00"; }),
    };

    [Fact]
    public async Task QwenFormatCallsTheFunctionWithTypedParamsAndAnswersWithTheResult()
    {
        var model = await FunctionCallingModels.QwenAsync(parallel: false);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var calls = new List<string>();
        var chunks = new List<FunctionCallParamsChunk>();
        var answer = await session.PromptWithMetaAsync("Is an apple more expensive than a banana?",
            new PromptOptions { Functions = Functions(calls), OnFunctionCallParamsChunk = chunks.Add });
        Assert.Equal(["getFruitPrice:apple"], calls);
        Assert.Equal(FunctionCallingModels.FinalAnswer, answer.ResponseText);
        Assert.Equal(StopReason.EogToken, answer.StopReason);
        Assert.Equal("{\"name\": \"apple\"}", string.Concat(chunks.Select(c => c.ParamsChunk)));
        Assert.True(chunks[^1].Done);

        var call = Assert.Single(answer.Response.OfType<ChatModelFunctionCall>());
        Assert.Equal("getFruitPrice", call.Name);
        Assert.Equal("apple", call.Params!["name"]!.GetValue<string>());
        Assert.Equal("$6", call.Result!["price"]!.GetValue<string>());
        Assert.True(call.StartsNewChunk);
        var history = session.GetChatHistory();
        Assert.Equal(answer.Response, ((ChatModelResponse)history[^1]).Response);
        // The result went back into the context the model answered from.
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.Contains("<tool_response>", evaluated);
        Assert.Contains("$6", evaluated);
    }

    [Fact]
    public async Task Llama31FormatCallsTheFunction()
    {
        var model = await FunctionCallingModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new Llama3_1ChatWrapper() });
        var calls = new List<string>();
        var answer = await session.PromptAsync("Is an apple more expensive than a banana?", new PromptOptions { Functions = Functions(calls) });
        Assert.Equal(["getFruitPrice:apple"], calls);
        Assert.Equal(FunctionCallingModels.FinalAnswer, answer);
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.Contains("<function=getFruitPrice>{\"name\": \"apple\"}</function><|eom_id|>", evaluated);
        Assert.Contains("<|start_header_id|>ipython<|end_header_id|>", evaluated);
    }

    [Fact]
    public async Task TwoParallelCallsInOneSection()
    {
        var model = await FunctionCallingModels.QwenAsync(parallel: true);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var calls = new List<string>();
        var answer = await session.PromptWithMetaAsync("Is an apple more expensive than a banana? What time is it?",
            new PromptOptions { Functions = Functions(calls), MaxParallelFunctionCalls = 2 });
        Assert.Equal(["getFruitPrice:apple", "getTime"], calls.Order());
        var made = answer.Response.OfType<ChatModelFunctionCall>().ToList();
        Assert.Equal(["getFruitPrice", "getTime"], made.Select(c => c.Name));
        Assert.True(made[0].StartsNewChunk);
        Assert.False(made[1].StartsNewChunk);
        Assert.Equal("12:00", made[1].Result!.GetValue<string>());
        Assert.Equal(FunctionCallingModels.FinalAnswer, answer.ResponseText);
    }

    [SkippableFact]
    public async Task TwoParallelCallsThroughTheModelsOwnJinjaTemplate()
    {
        var templatePath = Path.Combine(ChatWrappers.FixturePaths.ChatTemplates, "Qwen-Qwen2.5-7B-Instruct.jinja");
        Skip.IfNot(File.Exists(templatePath), "The shared fixtures are missing.");
        var wrapper = new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions { Template = File.ReadAllText(templatePath) });
        var model = await FunctionCallingModels.QwenAsync(parallel: true);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = wrapper });
        var calls = new List<string>();
        var answer = await session.PromptWithMetaAsync("Is an apple more expensive than a banana? What time is it?",
            new PromptOptions { Functions = Functions(calls), MaxParallelFunctionCalls = 2 });
        Assert.Equal(["getFruitPrice", "getTime"], answer.Response.OfType<ChatModelFunctionCall>().Select(c => c.Name));
        Assert.Equal(["getFruitPrice:apple", "getTime"], calls.Order());
        Assert.Equal(FunctionCallingModels.FinalAnswer, answer.ResponseText);
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.Contains("</tool_call>\n<tool_call>\n{\"name\": \"getTime\"", evaluated);
        Assert.Contains("</tool_response>\n<tool_response>\n", evaluated);
    }

    [Fact]
    public async Task MaxTokensBoundsAModelThatKeepsCallingFunctions()
    {
        // This model's parallel section never ends: after the first call it calls getTime again and again.
        var model = await FunctionCallingModels.QwenAsync(parallel: true);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var calls = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a failure, not a hang
        var answer = await session.PromptWithMetaAsync("What time is it?", new PromptOptions { Functions = Functions(calls), MaxTokens = 40 }, timeout.Token);
        Assert.Equal(StopReason.MaxTokens, answer.StopReason);
        Assert.Contains("getTime", calls);
        Assert.InRange(calls.Count, 2, 40 / 4);
        var made = answer.Response.OfType<ChatModelFunctionCall>().ToList();
        Assert.Equal(calls.Count, made.Count);
        Assert.All(made, call => Assert.NotNull(call.Result));
    }

    [Fact]
    public async Task AHandlerThatThrowsReachesTheCallerAndLeavesTheHistory()
    {
        var model = await FunctionCallingModels.QwenAsync(parallel: false);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var before = session.GetChatHistory();
        var functions = new Dictionary<string, ChatSessionFunction>
        {
            ["getFruitPrice"] = ChatSessionFunction.Define("Get the price of a fruit",
                JsonNode.Parse("""{"type":"object","properties":{"name":{"type":"string"}}}"""),
                (JsonNode? _) => throw new InvalidOperationException("price service down")),
        };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => session.PromptAsync("Is an apple expensive?", new PromptOptions { Functions = functions }));
        Assert.Equal("price service down", e.Message);
        Assert.Equal(before, session.GetChatHistory());
    }

    [Theory]
    [InlineData("root ::= \"The apple costs $\" [0-9]+ \".\"", "The apple costs $6.")]
    [InlineData("root ::= \"The apple costs $\" [0-9] \" dollars\"", "The apple costs $6 dollars")]
    public async Task FunctionsAndAGrammarTogether(string gbnf, string expected)
    {
        var model = await FunctionCallingModels.QwenAsync(parallel: false);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var calls = new List<string>();
        var grammar = LlamaChat.Grammar.LlamaGrammar.FromGbnf(gbnf);
        var answer = await session.PromptAsync("Is an apple more expensive than a banana?",
            new PromptOptions { Functions = Functions(calls), Grammar = grammar, MaxTokens = 60 });
        Assert.Equal(["getFruitPrice:apple"], calls); // the model could still call the function first
        Assert.Equal(expected, answer);
        Assert.True(grammar.Matches(answer));
    }

    [Fact]
    public async Task FunctionaryV3WithoutFunctionsLeavesTheTextRecipientOutOfTheAnswer()
    {
        var model = await FunctionCallingModels.FunctionaryAsync(call: false);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new FunctionaryChatWrapper() });
        Assert.Equal("Hello!", await session.PromptAsync("Hi"));
        Assert.Equal("Hello!", await session.PromptAsync("Hi"));
        // The history renders ">>>all\n" back once, as the model wrote it.
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.Equal(2, evaluated.Split(">>>all\n").Length - 1);
    }

    [Theory]
    [InlineData(false, "Hello!")]
    [InlineData(true, FunctionCallingModels.FinalAnswer)]
    public async Task FunctionaryStartsInFunctionCallModeAndAllMeansText(bool call, string expected)
    {
        var model = await FunctionCallingModels.FunctionaryAsync(call);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new FunctionaryChatWrapper() });
        var calls = new List<string>();
        var answer = await session.PromptAsync("Is an apple more expensive than a banana?", new PromptOptions { Functions = Functions(calls) });
        Assert.Equal(expected, answer);
        Assert.Equal(call ? ["getFruitPrice:apple"] : [], calls);
    }

    [Theory]
    [InlineData(false, "Hello!")]
    [InlineData(true, FunctionCallingModels.FinalAnswer)]
    public async Task FunctionaryV2NamesTheRecipientAndAllMeansText(bool call, string expected)
    {
        var model = await FunctionCallingModels.FunctionaryV2Async(call);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new FunctionaryChatWrapper(FunctionaryVariation.V2) });
        var calls = new List<string>();
        var answer = await session.PromptAsync("Is an apple more expensive than a banana?", new PromptOptions { Functions = Functions(calls) });
        Assert.Equal(expected, answer);
        Assert.Equal(call ? ["getFruitPrice:apple"] : [], calls);
        if (!call) return;
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.Contains("<|from|>assistant\n<|recipient|>getFruitPrice\n<|content|>{\"name\": \"apple\"}<|stop|>", evaluated);
        Assert.Contains("\n<|from|>getFruitPrice\n<|recipient|>all\n<|content|>", evaluated);
    }

    [Fact]
    public async Task HarmonyAnnouncesTheCallOnTheCommentaryChannel()
    {
        var model = await FunctionCallingModels.HarmonyAsync();
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new HarmonyChatWrapper() });
        var calls = new List<string>();
        var answer = await session.PromptWithMetaAsync("Is an apple more expensive than a banana?", new PromptOptions { Functions = Functions(calls) });
        Assert.Equal(["getFruitPrice:apple"], calls);
        Assert.Equal(FunctionCallingModels.HarmonyFinalAnswer, answer.ResponseText);
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.Contains("<|start|>assistant<|channel|>commentary to=functions.getFruitPrice<|constrain|>json<|message|>{\"name\": \"apple\"}<|call|>", evaluated);
        Assert.Contains("<|start|>functions.getFruitPrice to=assistant<|channel|>commentary<|message|>", evaluated);
    }
}
