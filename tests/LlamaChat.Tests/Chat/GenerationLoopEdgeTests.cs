using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Forge;
using LlamaChat.History;
using LlamaChat.Models;
using LlamaChat.Tests.Support;
using Xunit.Abstractions;

namespace LlamaChat.Tests.Chat;
/// <summary>Small forged ChatML models whose answer is a given chain of tokens.</summary>
internal static class ChainModels
{
    /// <summary>A ChatML model whose answer (after "&lt;|im_start|&gt;assistant\n") is the given chain of pieces.</summary>
    internal static async Task<LlamaModel> ForgeAsync(string key, string[] words, Func<ByteBpeVocabulary, IEnumerable<int>> chain, Action<ByteBpeVocabulary, TokenScript>? more = null)
    {
        var vocabulary = new ByteBpeVocabularyBuilder()
            .AddWords("system", "user", "assistant")
            .AddWords(words)
            .AddText("You are a helpful assistant. Hi")
            .Build();
        var end = vocabulary.GetTokenId(ForgeSpecialTokens.ImEnd);
        var script = new TokenScript { EndTokenId = end };
        script.AddChain([vocabulary.GetSingleTokenId("\n"), .. chain(vocabulary)]);
        more?.Invoke(vocabulary, script);
        var builder = new ForgedModelBuilder(vocabulary) { Name = "chain " + key, ChatTemplate = ScriptedChatModels.ChatMlTemplate, ContextLength = 4096 }
            .WithScript(script);
        return await TestModels.SharedAsync(await ForgeCache.Default.GetOrCreateAsync("test-chain-" + key, builder));
    }
}

public class GenerationLoopTriggerAndBudgetTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static Task<LlamaChatSession> Llama3JinjaSession(LlamaChat.Evaluation.LlamaContext context) => Task.FromResult(
        new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence())
        {
            ChatWrapper = new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions { Template = ScriptedChatModels.Llama3Template }),
        }));

    // The Jinja wrapper ignores leading whitespace; that must not make tokens with whitespace skip the limits.
    [Fact]
    public async Task JinjaWrapperStopsAtMaxTokensOnTokensWithWhitespace()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model);
        var session = await Llama3JinjaSession(context);
        var tokens = new List<int>();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { MaxTokens = 2, OnToken = tokens.AddRange });
        output.WriteLine($"{result.StopReason} '{result.ResponseText}' tokens={tokens.Count}");
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal("Hello from", result.ResponseText);
        Assert.Equal(2, tokens.Count);
    }

    // Ignored start text counts only at the start: later whitespace must not drop a stop trigger being matched.
    [Fact]
    public async Task JinjaWrapperFindsAStopTriggerStartingInAWhitespaceToken()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model);
        var session = await Llama3JinjaSession(context);
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { CustomStopTriggers = ["from Llama"] });
        output.WriteLine($"{result.StopReason} '{result.ResponseText}'");
        Assert.Equal(StopReason.CustomStopTrigger, result.StopReason);
        Assert.Equal("Hello", result.ResponseText.TrimEnd());
    }

    // The same with the Llama 3.1 wrapper.
    [Fact]
    public async Task Llama3WrapperFindsAMultiTokenStopTrigger()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new Llama3_1ChatWrapper() });
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { CustomStopTriggers = ["from Llama"] });
        Assert.Equal(StopReason.CustomStopTrigger, result.StopReason);
        Assert.Equal("Hello ", result.ResponseText);
        var tokens = new List<int>();
        session.ResetChatHistory();
        result = await session.PromptWithMetaAsync("Hi", new PromptOptions { MaxTokens = 2, OnToken = tokens.AddRange });
        Assert.Equal("Hello from", result.ResponseText);
    }

    // Thought text held back (a possible stop trigger) and released at once is still cut at the budget.
    [Fact]
    public async Task HeldBackThoughtTextIsCutAtTheBudget()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model, 1024);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var thoughtTokens = 0;
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions
        {
            CustomStopTriggers = ["me think!"], // " me think" is held back as a possible match, "." ends it
            Budgets = new ChatBudgets { ThoughtTokens = 2 },
            OnResponseChunk = c => { if (c.SegmentType == ChatModelSegmentType.Thought) thoughtTokens += c.Tokens.Count; },
        });
        output.WriteLine($"thought tokens {thoughtTokens}: {((ChatModelSegment)result.Response[0]).Text}");
        Assert.True(thoughtTokens <= 2, $"{thoughtTokens} thought tokens with a budget of 2");
    }

    // Harmony with Budgets.ThoughtTokens = 0 writes no thought.
    [Fact]
    public async Task HarmonyWithAZeroThoughtBudgetSkipsTheAnalysisChannel()
    {
        var model = await ScriptedChatModels.HarmonyAsync();
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new HarmonyChatWrapper() });
        var thoughtTokens = 0;
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions
        {
            MaxTokens = 20, // the scripted model only stops once it has thought, which it may not do here
            Budgets = new ChatBudgets { ThoughtTokens = 0 },
            OnResponseChunk = c => { if (c.SegmentType == ChatModelSegmentType.Thought) thoughtTokens += c.Tokens.Count; },
        });
        Assert.Equal(0, thoughtTokens);
        Assert.All(result.Response.OfType<ChatModelSegment>(), s => Assert.Equal("", s.Text));
        // The analysis channel it began was dropped, and the answer went on in the final channel.
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.DoesNotContain("<|channel|>analysis<|message|>Let", evaluated);
        Assert.Contains("<|channel|>final<|message|>", evaluated);
    }

    // A template that opens the thought itself: the budget holds.
    [Fact]
    public async Task PrefilledThoughtKeepsItsBudget()
    {
        var model = await ScriptedChatModels.PrefilledThoughtAsync();
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(context.GetSequence());
        var thoughtTokens = 0;
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions
        {
            Budgets = new ChatBudgets { ThoughtTokens = 2 },
            OnResponseChunk = c => { if (c.SegmentType == ChatModelSegmentType.Thought) thoughtTokens += c.Tokens.Count; },
        });
        Assert.True(thoughtTokens <= 2, $"{thoughtTokens} thought tokens with a budget of 2");
        // The re-render after the budget goes on after the template's own opening tag, without opening the thought again.
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(evaluated, "<think>"));
    }

    // A response prefix ending in whitespace, trimmed: the stream shows what the answer keeps.
    [Fact]
    public async Task TrimmedResponsePrefixStreamsWhatTheAnswerKeeps()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new Llama3_1ChatWrapper() });
        var chunks = new List<string>();
        var answer = await session.PromptAsync("Hi", new PromptOptions { ResponsePrefix = "Hi ", TrimWhitespaceSuffix = true, OnTextChunk = chunks.Add });
        Assert.Equal(answer, string.Concat(chunks));
    }
}
public class GenerationLoopAbortAndLimitTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private sealed record FruitQuery(string Name);

    // An answer under a grammar that fills the context is re-rendered and goes on: the grammar goes on from where the
    // answer was, not from its root (the demo model writes whitespace: after the opening quote of a key, only string
    // characters may follow, never a second "{" and a raw line break).
    [Fact]
    public async Task AGrammarGoesOnWhereTheAnswerWasAfterAReRender()
    {
        var model = await TestModels.SharedAsync(await DemoChatModel.GetOrCreateAsync());
        await using var context = await TestModels.ContextAsync(model, 256);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()));
        var before = session.Sequence.TokenMeter.GetState();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { Grammar = LlamaChat.Grammar.LlamaGrammar.BuiltIn("json"), MaxTokens = 400 });
        var generated = session.Sequence.TokenMeter.Diff(before).OutputTokens;
        Assert.True(generated > 256, $"only {generated} tokens: the context never filled"); // so there was a re-render
        var text = result.ResponseText;
        var quote = text.IndexOf('"');
        Assert.True(quote > 0, text);
        Assert.DoesNotContain('\n', text[quote..]);
        Assert.DoesNotContain('{', text[quote..]);
    }

    // MaxTokens holds even when the last token ends in the middle of a character.
    [Fact]
    public async Task MaxTokensHoldsInTheMiddleOfACharacter()
    {
        // The answer is "é!" written as the byte tokens 0xC3, 0xA9, then "!".
        var model = await ChainModels.ForgeAsync("multibyte", ["!"], v => [0xC3, 0xA9, v.GetSingleTokenId("!")]);
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new ChatMLChatWrapper() });
        var tokens = new List<int>();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { MaxTokens = 1, OnToken = tokens.AddRange });
        output.WriteLine($"{result.StopReason} '{result.ResponseText}' tokens={tokens.Count}");
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Single(tokens);
    }

    // Harmony: the token that completes a prefix trigger counts for MaxTokens.
    [Fact]
    public async Task HarmonyStopsAtMaxTokensOnThePrefixTrigger()
    {
        var model = await ScriptedChatModels.HarmonyAsync();
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new HarmonyChatWrapper() });
        var meterBefore = session.Sequence.TokenMeter.GetState();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { MaxTokens = 3 }); // <|channel|> analysis <|message|>
        var generated = session.Sequence.TokenMeter.Diff(meterBefore).OutputTokens;
        output.WriteLine($"{result.StopReason} thought='{(result.Response.FirstOrDefault() as ChatModelSegment)?.Text}' output tokens={generated}");
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal("", Assert.IsType<ChatModelSegment>(result.Response[0]).Text);
    }

    // StopOnAbortSignal: cancelling during the re-render after a budget closed the thought returns the partial answer.
    [Fact]
    public async Task AbortDuringABudgetRerenderKeepsThePartialAnswer()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model, 1024);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        using var cts = new CancellationTokenSource();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions
        {
            StopOnAbortSignal = true,
            Budgets = new ChatBudgets { ThoughtTokens = 2 },
            OnResponseChunk = c => { if (c.SegmentEndTime is not null) cts.Cancel(); },
        }, cts.Token);
        Assert.Equal(StopReason.Abort, result.StopReason);
        Assert.Equal("Let me", Assert.IsType<ChatModelSegment>(result.Response[0]).Text);
        Assert.Equal(result.Response, ((ChatModelResponse)session.GetChatHistory()[^1]).Response);
    }

    // StopOnAbortSignal: cancelling while a function call is being written returns the answer before the call.
    [Fact]
    public async Task AbortWhileAFunctionCallIsWrittenKeepsThePartialAnswer()
    {
        using var cts = new CancellationTokenSource();
        var (result, history) = await AbortDuringAFunctionCallAsync(cts, price: () => "$6",
            onParams: c => { if (c.ParamsChunk.Contains("apple")) cts.Cancel(); });
        Assert.Equal(StopReason.Abort, result.StopReason);
        Assert.Empty(result.Response.OfType<ChatModelFunctionCall>()); // the call was not finished
        Assert.Equal(result.Response, history.Response);
    }

    // StopOnAbortSignal: cancelling while a function handler runs returns the answer with the call and its result.
    [Fact]
    public async Task AbortWhileAFunctionRunsKeepsThePartialAnswer()
    {
        using var cts = new CancellationTokenSource();
        var (result, history) = await AbortDuringAFunctionCallAsync(cts, price: () => { cts.Cancel(); return "$6"; }, onParams: null);
        Assert.Equal(StopReason.Abort, result.StopReason);
        var call = Assert.Single(result.Response.OfType<ChatModelFunctionCall>());
        Assert.Contains("$6", call.Result!.ToJsonString());
        Assert.Equal(result.Response, history.Response);
    }

    /// <summary>Asks the scripted Qwen model a question it answers with a getFruitPrice call, cancelling through <paramref name="cts"/>.</summary>
    private static async Task<(PromptResult Result, ChatModelResponse History)> AbortDuringAFunctionCallAsync(CancellationTokenSource cts,
        Func<string> price, Action<FunctionCallParamsChunk>? onParams)
    {
        var model = await FunctionCallingModels.QwenAsync(parallel: false);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var functions = new Dictionary<string, ChatSessionFunction>
        {
            ["getFruitPrice"] = ChatSessionFunction.Define<FruitQuery>("Get the price of a fruit", q => new { name = q.Name, price = price() }),
        };
        var result = await session.PromptWithMetaAsync("Is an apple more expensive than a banana?",
            new PromptOptions { Functions = functions, StopOnAbortSignal = true, OnFunctionCallParamsChunk = onParams }, cts.Token);
        return (result, (ChatModelResponse)session.GetChatHistory()[^1]);
    }

    // MaxTokens right after a thought's opening tag: an empty thought, not "<think>" as answer text.
    [Fact]
    public async Task MaxTokensRightAfterAThoughtTagLeavesTheTagOutOfTheAnswer()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model, 1024);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var text = new List<string>();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { MaxTokens = 1, OnTextChunk = text.Add });
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.DoesNotContain("<think>", result.ResponseText);
    }

    // TrimWhitespaceSuffix trims the end of the answer only, not whitespace before a thought.
    [Fact]
    public async Task TrimWhitespaceSuffixKeepsWhitespaceBeforeASegment()
    {
        // "Hi\n\n<think>\nOk \n</think>Bye"
        var model = await ChainModels.ForgeAsync("midthought3", ["Hi", "\n\n", "Ok", "Bye", " \n"], v =>
            [v.GetSingleTokenId("Hi"), v.GetSingleTokenId("\n\n"), v.GetTokenId(ForgeSpecialTokens.ThinkStart), v.GetSingleTokenId("\n")],
            (v, s) => { s.AddContextRule(v.GetTokenId(ForgeSpecialTokens.ThinkStart), v.GetSingleTokenId("\n"), v.GetSingleTokenId("Ok"));
                        s.AddChain(v.GetSingleTokenId("Ok"), v.GetSingleTokenId(" \n"), v.GetTokenId(ForgeSpecialTokens.ThinkEnd), v.GetSingleTokenId("Bye")); });
        await using var context = await TestModels.ContextAsync(model);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var untrimmed = await session.PromptAsync("Hi");
        session.ResetChatHistory();
        var trimmed = await session.PromptAsync("Hi", new PromptOptions { TrimWhitespaceSuffix = true });
        Assert.Equal("Hi\n\nBye", untrimmed);
        Assert.Equal("Hi\n\nBye", trimmed);
    }
}
