using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

public class ScriptedModelSmokeTests
{
    [Fact]
    public async Task QwenThinkingModelThinksThenAnswers()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new QwenChatWrapper() });
        var result = await session.PromptWithMetaAsync("Hi");
        var raw = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.True(result.ResponseText == ScriptedChatModels.QwenAnswer, $"answer '{result.ResponseText}', context: {raw}");
    }

    [Fact]
    public async Task Llama3ModelAnswers()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new Llama3_1ChatWrapper() });
        var result = await session.PromptWithMetaAsync("Hi");
        Assert.Equal(ScriptedChatModels.Llama3Answer, result.ResponseText);
    }

    [Fact]
    public async Task GeneralModelStopsAtTheNextTurnTitle()
    {
        var model = await ScriptedChatModels.GeneralAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        var session = new LlamaChatSession(context.GetSequence());
        Assert.IsType<GeneralChatWrapper>(session.ChatWrapper);
        var result = await session.PromptWithMetaAsync("Hello");
        Assert.Equal(ScriptedChatModels.GeneralAnswer, result.ResponseText);
        Assert.Equal(StopReason.StopGenerationTrigger, result.StopReason);
    }
}
