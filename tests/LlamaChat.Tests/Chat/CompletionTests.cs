using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

public class CompletionTests
{
    private static async Task<LlamaChatSession> QwenSession()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        var context = await TestModels.ContextAsync(model, 1024);
        return new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper(), AutoDisposeSequence = true });
    }

    [Fact]
    public async Task CompletesAUserPromptUsingTheChatContext()
    {
        using var session = await QwenSession();
        await session.PromptAsync("Hi");
        var chunks = new List<string>();
        var completion = await session.CompletePromptAsync("Write", new CompletePromptOptions { MaxTokens = 10, OnTextChunk = chunks.Add });
        Assert.Equal(" a poem", completion);
        Assert.Equal(completion, string.Concat(chunks));
        Assert.Equal(3, session.GetChatHistory().Count); // completing does not touch the history
        var limited = await session.CompletePromptAsync("Write", new CompletePromptOptions { MaxTokens = 1 });
        Assert.Equal(" a", limited);
    }

    [Fact]
    public async Task CompletionEngineReturnsCachedCompletionsForPrefixes()
    {
        using var session = await QwenSession();
        var generated = new TaskCompletionSource<(string, string)>();
        using var engine = session.CreatePromptCompletionEngine(new PromptCompletionEngineOptions
        {
            MaxTokens = 10, OnGeneration = (prompt, completion) => generated.TrySetResult((prompt, completion)),
        });
        Assert.Equal("", engine.Complete("Write")); // nothing cached yet: starts in the background
        var (prompt, completion) = await generated.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("Write", " a poem"), (prompt, completion));
        Assert.Equal(" a poem", engine.Complete("Write"));
        Assert.Equal(" poem", engine.Complete("Write a")); // a typed prefix of the completion is served from the cache
        Assert.Null(engine.FindCached("Write the")); // typed text that disagrees with the cached completion gets nothing
    }

    [Fact]
    public async Task ANewPromptAbortsAnInFlightCompletion()
    {
        using var session = await QwenSession();
        using var engine = session.CreatePromptCompletionEngine();
        engine.Complete("Write");
        Assert.Equal(ScriptedChatModels.QwenAnswer, await session.PromptAsync("Hi"));
    }

    [Fact]
    public async Task PlainCompletionAndInfill()
    {
        var model = await ScriptedChatModels.CompletionAsync();
        await using var context = await TestModels.ContextAsync(model);
        var completion = new LlamaCompletion(context.GetSequence());
        Assert.Equal(" sat on the mat", await completion.GenerateCompletionAsync("The cat"));
        var meta = await completion.GenerateCompletionWithMetaAsync("The cat", new CompletionOptions { StopTriggers = [" the"] });
        Assert.Equal((" sat on", StopReason.StopGenerationTrigger), (meta.Text, meta.StopReason));
        Assert.Equal((" sat", StopReason.MaxTokens), ((await completion.GenerateCompletionWithMetaAsync("The cat", new CompletionOptions { MaxTokens = 1 })).Text, StopReason.MaxTokens));
        Assert.True(completion.InfillSupported);
        Assert.StartsWith(" sat on the mat", await completion.GenerateInfillCompletionAsync("The cat", " today."));
    }

    [Fact]
    public async Task InfillWithoutInfillTokensIsRefused()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model);
        var completion = new LlamaCompletion(context.GetSequence());
        Assert.False(completion.InfillSupported);
        await Assert.ThrowsAsync<NotSupportedException>(() => completion.GenerateInfillCompletionAsync("a", "b"));
    }

    [SkippableFact]
    public async Task NullStopTriggerIsAnArgumentError()
    {
        var model = await TestModels.StoriesAsync();
        await using var context = await TestModels.ContextAsync(model);
        var completion = new LlamaCompletion(context.GetSequence());
        var e = await Assert.ThrowsAsync<ArgumentException>(() => completion.GenerateCompletionAsync("Once", new CompletionOptions { StopTriggers = ["x", null!] }));
        Assert.Contains("stop trigger", e.Message);
    }
}
