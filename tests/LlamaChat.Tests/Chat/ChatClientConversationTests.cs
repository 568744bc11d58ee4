using System.ComponentModel;
using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Tests.Support;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LlamaChat.Tests.Chat;

/// <summary>The IChatClient with conversations built by the caller: rounds of tool calls, tool modes, continued thoughts.</summary>
public class ChatClientConversationTests(ITestOutputHelper output)
{
    // A second round of tool calls in the same assistant turn (no RawRepresentation, as after loading a saved
    // conversation) is its own batch: call, result, call, result.
    [Fact]
    public async Task SecondRoundOfToolCallsIsRenderedAsItsOwnBatch()
    {
        var model = await FunctionCallingModels.QwenAsync(parallel: false);
        await using var context = await TestModels.ContextAsync(model, 2048);
        var sequence = context.GetSequence();
        using IChatClient client = new LlamaChatClient(sequence, new QwenChatWrapper());
        var tool = AIFunctionFactory.Create(([Description("The fruit")] string name) => "$6", "getFruitPrice", "Get the price of a fruit");
        List<AIChatMessage> messages =
        [
            new(ChatRole.User, "Is an apple more expensive than a banana?"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "getFruitPrice", new Dictionary<string, object?> { ["name"] = "apple" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "$6")]),
            new(ChatRole.Assistant, [new FunctionCallContent("c2", "getFruitPrice", new Dictionary<string, object?> { ["name"] = "banana" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c2", "$3")]),
        ];
        await client.GetResponseAsync(messages, new ChatOptions { Tools = [tool], MaxOutputTokens = 20 });
        var evaluated = model.Detokenize(sequence.ContextTokens.ToArray(), specialTokens: true);
        output.WriteLine(evaluated);
        // The apple result must come before the banana call.
        Assert.True(evaluated.IndexOf("\"$6\"", StringComparison.Ordinal) < evaluated.IndexOf("banana\"}", StringComparison.Ordinal),
            "the second round's call was rendered before the first round's result");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RequiredToolModesAreRefusedClearly(bool specific)
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model, 2048);
        using IChatClient client = new LlamaChatClient(context.GetSequence());
        var getTime = AIFunctionFactory.Create(() => "noon", "getTime", "Get the time");
        var mode = specific ? ChatToolMode.RequireSpecific("getTime") : ChatToolMode.RequireAny;
        var e = await Assert.ThrowsAsync<NotSupportedException>(() =>
            client.GetResponseAsync([new AIChatMessage(ChatRole.User, "Hi")], new ChatOptions { Tools = [getTime], ToolMode = mode }));
        Assert.Contains("cannot force", e.Message);
    }

    // GetService follows the IChatClient contract for a null type.
    [Fact]
    public async Task GetServiceWithNullTypeThrowsArgumentNull()
    {
        var model = await ScriptedChatModels.Llama3Async();
        await using var context = await TestModels.ContextAsync(model, 256);
        using IChatClient client = new LlamaChatClient(context.GetSequence());
        Assert.Throws<ArgumentNullException>(() => client.GetService(null!));
    }

    // A reasoning part cut by MaxOutputTokens, appended by the caller and continued, goes on as the same thought.
    [Fact]
    public async Task ContinuingAResponseCutInsideItsThoughtContinuesTheThought()
    {
        var model = await ScriptedChatModels.QwenThinkingAsync();
        await using var context = await TestModels.ContextAsync(model, 1024);
        var sequence = context.GetSequence();
        using IChatClient client = new LlamaChatClient(sequence, new QwenChatWrapper());
        List<AIChatMessage> messages = [new(ChatRole.User, "Hi")];
        var first = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 4 });
        Assert.Equal(ChatFinishReason.Length, first.FinishReason);
        messages.AddRange(first.Messages); // [TextReasoningContent "Let me"]
        var second = await client.GetResponseAsync(messages);
        output.WriteLine(model.Detokenize(sequence.ContextTokens.ToArray(), specialTokens: true));
        var reasoning = string.Concat(first.Messages.Concat(second.Messages).SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(c => c.Text));
        Assert.Equal(ScriptedChatModels.QwenThought, reasoning);
    }
}
