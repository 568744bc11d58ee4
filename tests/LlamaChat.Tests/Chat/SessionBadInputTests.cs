using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.History;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

public class SessionBadInputTests
{
    private static async Task<LlamaChatSession> QwenSession(int contextSize = 1024, string? systemPrompt = null)
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        var context = await TestModels.ContextAsync(model, contextSize);
        return new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence())
        {
            ChatWrapper = new QwenChatWrapper(), SystemPrompt = systemPrompt, AutoDisposeSequence = true,
        });
    }

    [Fact]
    public async Task NullOrEmptyPrompt()
    {
        using var session = await QwenSession();
        await Assert.ThrowsAsync<ArgumentNullException>(() => session.PromptAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => session.PromptAsync(""));
        await Assert.ThrowsAsync<ArgumentNullException>(() => session.PreloadPromptAsync(null!));
        Assert.Single(session.GetChatHistory());
    }

    [Fact]
    public async Task NullHistoryItemsAreRefused()
    {
        using var session = await QwenSession();
        var before = session.GetChatHistory();
        Assert.Throws<ArgumentException>(() => session.SetChatHistory([new ChatUserMessage("a"), null!]));
        Assert.Equal(before, session.GetChatHistory());
    }

    [Fact]
    public void MalformedHistoryJsonNamesThePath()
    {
        var e = Assert.Throws<ChatHistoryFormatException>(() =>
            ChatHistoryJson.Deserialize("""[{"type":"system","text":"hi"},{"type":"model","response":[{"type":"segment"}]}]"""));
        Assert.Contains("$[1].response[0]", e.Message);
        Assert.Throws<ChatHistoryFormatException>(() => ChatHistoryJson.Deserialize("""[{"type":"robot","text":"hi"}]"""));
    }

    [Fact]
    public async Task DisposingDuringAPromptStopsIt()
    {
        // With a sequence the session does not own, the prompt used to run on and write its answer into the ended session.
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model, 1024);
        using var sequence = context.GetSequence();
        var session = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { ChatWrapper = new QwenChatWrapper(), AutoDisposeSequence = false });
        var before = session.GetChatHistory();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.PromptAsync("Hi", new PromptOptions { OnTextChunk = _ => session.Dispose() }));
        Assert.Equal(before, session.GetChatHistory());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.PromptAsync("Hi"));

        // The sequence stays usable for a new session.
        using var next = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { ChatWrapper = new QwenChatWrapper(), AutoDisposeSequence = false });
        Assert.Equal(ScriptedChatModels.QwenAnswer, await next.PromptAsync("Hi"));
    }

    [Fact]
    public async Task DisposedSequence()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model);
        var sequence = context.GetSequence();
        var session = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { ChatWrapper = new QwenChatWrapper() });
        sequence.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.PromptAsync("Hi"));
        Assert.Throws<ObjectDisposedException>(() => new LlamaChatSession(sequence));
        Assert.Single(session.GetChatHistory());
    }

    [Fact]
    public async Task ContextTooSmallForTheSystemPrompt()
    {
        var longPrompt = string.Concat(Enumerable.Repeat("You are a helpful assistant. ", 120));
        using var session = await QwenSession(contextSize: 256, systemPrompt: longPrompt);
        var e = await Assert.ThrowsAsync<InsufficientContextException>(() => session.PromptAsync("Hi"));
        Assert.Contains("context holds", e.Message);
        Assert.Single(session.GetChatHistory());
    }

    [Fact]
    public async Task AHistoryLongerThanTheContextIsCompressed()
    {
        using var session = await QwenSession(contextSize: 256, systemPrompt: "You are a helpful assistant.");
        var history = new List<ChatHistoryItem>(session.GetChatHistory());
        for (var i = 0; i < 30; i++)
        {
            history.Add(new ChatUserMessage($"Hi, how are you? Tell me a story {i}"));
            history.Add(new ChatModelResponse(new ChatModelText($"Hello! This is answer number {i}, which is long enough to need compression.")));
        }
        session.SetChatHistory(history);
        Assert.Equal(ScriptedChatModels.QwenAnswer, await session.PromptAsync("Hi"));
        var window = session.GetLastEvaluationContextWindow()!;
        Assert.True(window.Count < history.Count + 2);
        Assert.Equal(history[0], window[0]); // the first system message is kept
        Assert.Equal(new ChatUserMessage("Hi"), window[^2]);
        Assert.Equal(history.Count + 2, session.GetChatHistory().Count); // the full history is kept in the session
        // The next prompt reuses the compressed window.
        Assert.Equal(ScriptedChatModels.QwenAnswer, await session.PromptAsync("how are you"));
    }

    [Fact]
    public async Task MaxTokensZeroGeneratesNothing()
    {
        // The limit was checked only after a token, so 0 still generated one.
        using var session = await QwenSession();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { MaxTokens = 0 });
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal("", result.ResponseText);
        Assert.Equal(ScriptedChatModels.QwenAnswer, await session.PromptAsync("Hi"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.PromptAsync("Hi", new PromptOptions { MaxTokens = -1 }));
    }

    [Fact]
    public async Task NullCustomStopTriggersAreNamed()
    {
        // This was LINQ's ArgumentNullException for a parameter called 'source'.
        using var session = await QwenSession();
        var e = await Assert.ThrowsAsync<ArgumentNullException>(() => session.PromptAsync("Hi", new PromptOptions { CustomStopTriggers = null! }));
        Assert.Contains("CustomStopTriggers", e.Message);
        Assert.Single(session.GetChatHistory());
    }

    [Fact]
    public async Task SetChatHistoryWhilePromptingIsRefused()
    {
        // The running prompt's answer silently replaced the history set meanwhile.
        using var session = await QwenSession();
        var refused = new TaskCompletionSource<Exception?>();
        var answer = await session.PromptAsync("Hi", new PromptOptions
        {
            OnTextChunk = _ =>
            {
                if (refused.Task.IsCompleted) return;
                try { session.SetChatHistory([new ChatUserMessage("x")]); refused.SetResult(null); }
                catch (Exception e) { refused.SetResult(e); }
            },
        });
        Assert.IsType<InvalidOperationException>(await refused.Task);
        Assert.Equal(ScriptedChatModels.QwenAnswer, answer);
        Assert.Equal(3, session.GetChatHistory().Count);
        // Afterwards it works, and the next prompt starts from it.
        session.SetChatHistory([]);
        Assert.Equal(ScriptedChatModels.QwenAnswer, await session.PromptAsync("Hi"));
        Assert.Equal(2, session.GetChatHistory().Count);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.CreatePromptCompletionEngine());
    }

    [Fact]
    public async Task ConcurrentPromptsRunOneAtATime()
    {
        using var session = await QwenSession();
        var answers = await Task.WhenAll(session.PromptAsync("Hi"), session.PromptAsync("how are you"));
        Assert.All(answers, a => Assert.Equal(ScriptedChatModels.QwenAnswer, a));
        Assert.Equal(5, session.GetChatHistory().Count);
    }

    [Fact]
    public async Task PreloadingAnEmptyPromptLoadsTheHistory()
    {
        using var session = await QwenSession();
        await session.PreloadPromptAsync("");
        var evaluated = session.Model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.StartsWith("<|im_start|>system\n", evaluated);
    }
}

public class ConcurrentSessionTests
{
    [Fact]
    public async Task TwoSessionsOnOneContextAnswerAtTheSameTime()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model, 1024, sequences: 2);
        var first = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var second = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(first.PromptAsync("Hi"), second.PromptAsync("how are you"));
            Assert.All(answers, a => Assert.Equal(ScriptedChatModels.QwenAnswer, a));
        }
        Assert.Equal(7, first.GetChatHistory().Count);
        Assert.Equal(7, second.GetChatHistory().Count);
    }
}
