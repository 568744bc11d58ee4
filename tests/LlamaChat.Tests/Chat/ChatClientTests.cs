using System.ComponentModel;
using System.Text.Json;
using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Forge;
using LlamaChat.Tests.Support;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LlamaChat.Tests.Chat;

/// <summary>LlamaChat behind Microsoft.Extensions.AI's IChatClient, on real inference.</summary>
public class ChatClientTests
{
    [Fact]
    public async Task AnswersAConversationAndReusesTheKvCacheNextTime()
    {
        var model = await TestModels.SharedAsync(await DemoChatModel.GetOrCreateAsync());
        await using var context = await TestModels.ContextAsync(model, 1024);
        using IChatClient client = new LlamaChatClient(context.GetSequence());
        List<AIChatMessage> messages = [new(ChatRole.System, "You are a helpful assistant."), new(ChatRole.User, "Hi")];

        var first = await client.GetResponseAsync(messages);
        Assert.Equal(DemoChatModel.Reply, first.Text);
        Assert.Equal(ChatFinishReason.Stop, first.FinishReason);
        Assert.True(first.Usage!.InputTokenCount > 10);

        messages.AddRange(first.Messages);
        messages.Add(new AIChatMessage(ChatRole.User, "hello how are you"));
        var second = await client.GetResponseAsync(messages);
        Assert.Equal(DemoChatModel.Reply, second.Text);
        Assert.True(second.Usage!.InputTokenCount < first.Usage.InputTokenCount + 20); // only the new message
        Assert.Equal("llamachat", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task StreamsReasoningAndText()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model, 1024);
        using IChatClient client = new LlamaChatClient(context.GetSequence(), new QwenChatWrapper());
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new AIChatMessage(ChatRole.User, "Hi")])) updates.Add(update);
        var reasoning = string.Concat(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(c => c.Text));
        Assert.Equal(ScriptedChatModels.QwenThought, reasoning);
        Assert.Equal(ScriptedChatModels.QwenAnswer, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task LeavingAStreamEarlyStopsTheGenerationAndFreesTheClient()
    {
        var model = await TestModels.StoriesAsync(); // writes a long story
        await using var context = await TestModels.ContextAsync(model, 2048);
        var sequence = context.GetSequence();
        using IChatClient client = new LlamaChatClient(sequence, new GeneralChatWrapper());
        var options = new ChatOptions { MaxOutputTokens = 1500 };
        await foreach (var _ in client.GetStreamingResponseAsync([new AIChatMessage(ChatRole.User, "Once upon a time")], options)) break;
        var stoppedAt = sequence.NextTokenIndex;
        await Task.Delay(300);
        Assert.Equal(stoppedAt, sequence.NextTokenIndex); // it went on in the background, holding the client
        var answer = await client.GetResponseAsync([new AIChatMessage(ChatRole.User, "Once upon a time")], new ChatOptions { MaxOutputTokens = 8 })
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ChatFinishReason.Length, answer.FinishReason);
    }

    [Fact]
    public async Task DisposingDuringACallStopsItAndRefusesNewOnes()
    {
        var model = await TestModels.StoriesAsync(); // a long story: still being written when the first words arrive
        await using var context = await TestModels.ContextAsync(model, 2048);
        var client = new LlamaChatClient(context.GetSequence(), new GeneralChatWrapper());
        var stream = client.GetStreamingResponseAsync([new AIChatMessage(ChatRole.User, "Once upon a time")], new ChatOptions { MaxOutputTokens = 1500 });
        await Assert.ThrowsAsync<ObjectDisposedException>(async () =>
        {
            await foreach (var _ in stream) client.Dispose();
        });
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync([new AIChatMessage(ChatRole.User, "Hi")]));
        client.Dispose(); // twice is fine
    }

    [Fact]
    public async Task ToolsRunThroughTheFunctionInvokingClient()
    {
        var model = await FunctionCallingModels.QwenAsync(parallel: false);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var calls = new List<string>();
        var getFruitPrice = AIFunctionFactory.Create(
            ([Description("The fruit")] string name) => { calls.Add(name); return new { name, price = "$6" }; },
            "getFruitPrice", "Get the price of a fruit");
        using var client = new ChatClientBuilder(new LlamaChatClient(context.GetSequence(), new QwenChatWrapper()))
            .UseFunctionInvocation()
            .Build();
        var response = await client.GetResponseAsync([new AIChatMessage(ChatRole.User, "Is an apple more expensive than a banana?")],
            new ChatOptions { Tools = [getFruitPrice] });
        Assert.Equal(["apple"], calls);
        Assert.Equal(FunctionCallingModels.FinalAnswer, response.Messages[^1].Text);
        Assert.Contains(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent { Name: "getFruitPrice" });
    }

    [Fact]
    public async Task JsonResponseFormatConstrainsTheAnswer()
    {
        var model = await TestModels.SharedAsync(await DemoChatModel.GetOrCreateAsync());
        await using var context = await TestModels.ContextAsync(model, 1024);
        using IChatClient client = new LlamaChatClient(context.GetSequence());
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"enum":["yes","no"]}}}""").RootElement;
        var response = await client.GetResponseAsync([new AIChatMessage(ChatRole.User, "Hi")],
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema), MaxOutputTokens = 400 });
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason); // the grammar ended it, not the token limit
        var answer = JsonDocument.Parse(response.Text).RootElement.GetProperty("answer").GetString();
        Assert.Contains(answer, new[] { "yes", "no" });
    }
}
