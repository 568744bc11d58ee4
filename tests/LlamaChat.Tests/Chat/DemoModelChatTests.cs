using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Forge;
using LlamaChat.History;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

public class DemoModelChatTests
{
    [Fact]
    public async Task TheDemoModelAnswersAndTheSecondTurnEvaluatesOnlyNewTokens()
    {
        var model = await TestModels.SharedAsync(await DemoChatModel.GetOrCreateAsync());
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var sequence = context.GetSequence();
        var session = new LlamaChatSession(new LlamaChatSessionOptions(sequence) { SystemPrompt = "You are a helpful assistant." });
        Assert.IsType<ChatMLChatWrapper>(session.ChatWrapper);

        var first = await session.PromptWithMetaAsync("Hi");
        Assert.Equal(DemoChatModel.Reply, first.ResponseText);
        Assert.Equal(StopReason.EogToken, first.StopReason);

        var before = sequence.TokenMeter.GetState();
        var second = await session.PromptAsync("hello how are you");
        Assert.Equal(DemoChatModel.Reply, second);
        var used = sequence.TokenMeter.Diff(before);
        // Only the new user message and its template glue are evaluated, never the earlier turns again.
        var newPart = model.Tokenize("<|im_end|>\n<|im_start|>user\nhello how are you<|im_end|>\n<|im_start|>assistant\n", specialTokens: true);
        Assert.InRange(used.InputTokens, 1, newPart.Length + 1);

        var history = session.GetChatHistory();
        Assert.Equal(5, history.Count);
        Assert.Equal(DemoChatModel.Reply, ((ChatModelResponse)history[^1]).ResponseText);
    }
}
