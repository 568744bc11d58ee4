using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.History;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

public class HarmonyTests
{
    [Fact]
    public async Task ChannelsBecomeAThoughtAndTheAnswer()
    {
        var model = await ScriptedChatModels.HarmonyAsync();
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new HarmonyChatWrapper() });
        var chunks = new List<ResponseChunk>();
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { OnResponseChunk = chunks.Add });
        var thought = Assert.IsType<ChatModelSegment>(result.Response[0]);
        Assert.Equal(ChatModelSegmentType.Thought, thought.SegmentType);
        Assert.Equal("Let me think", thought.Text);
        Assert.True(thought.Ended);
        Assert.Equal("Hello!", result.ResponseText);
        Assert.DoesNotContain(chunks, c => c.Text.Contains("final") || c.Text.Contains("analysis"));
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.Contains("<|channel|>analysis<|message|>Let me think<|end|><|start|>assistant<|channel|>final<|message|>Hello!", evaluated);
    }

    [Fact]
    public async Task WithAGrammarTheFinalChannelIsWrittenForTheModel()
    {
        var model = await ScriptedChatModels.HarmonyAsync();
        await using var context = await TestModels.ContextAsync(model, 2048);
        var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence()) { ChatWrapper = new HarmonyChatWrapper() });
        var grammar = LlamaChat.Grammar.LlamaGrammar.FromGbnf("root ::= \"Hello!\"");
        var result = await session.PromptWithMetaAsync("Hi", new PromptOptions { Grammar = grammar, MaxTokens = 20 });
        Assert.Equal("Hello!", result.ResponseText);
        Assert.Empty(result.Response.OfType<ChatModelSegment>());
        var evaluated = model.Detokenize(session.Sequence.ContextTokens.ToArray(), specialTokens: true);
        Assert.EndsWith("<|start|>assistant<|channel|>final<|message|>Hello!", evaluated);
    }
}
