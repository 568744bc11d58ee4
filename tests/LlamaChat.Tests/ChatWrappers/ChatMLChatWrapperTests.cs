using LlamaChat.ChatWrappers;
using LlamaChat.Text;
using static LlamaChat.Tests.ChatWrappers.WrapperTestData;

namespace LlamaChat.Tests.ChatWrappers;

public class ChatMLChatWrapperTests
{
    private readonly ChatMLChatWrapper _wrapper = new();

    [Fact]
    public void RendersTurnsAndLeavesTheLastModelTurnOpen()
    {
        var state = _wrapper.GenerateContextState(Conversation);
        AssertText(new LlamaText(
            SpecialToken.Bos,
            S("<|im_start|>system\n"), "You are a helpful assistant.", S("<|im_end|>\n"),
            S("<|im_start|>user\n"), "Hi there", S("<|im_end|>\n"),
            S("<|im_start|>assistant\n"), "Hello!", S("<|im_end|>\n"),
            S("<|im_start|>user\n"), "How are you?", S("<|im_end|>\n"),
            S("<|im_start|>assistant\n")), state.ContextText);
        Assert.Contains(new LlamaText(S("<|im_end|>")), state.StopGenerationTriggers);
        Assert.Contains(new LlamaText("<|im_end|>"), state.StopGenerationTriggers);
    }

    [Fact]
    public void PartialAnswerIsContinued()
    {
        var text = _wrapper.GenerateContextState(PartialAnswer).ContextText;
        Assert.EndsWith("<|im_start|>assistant\nHel", text.ToString());
    }

    [Fact]
    public void UserTextCannotInjectSpecialTokens()
    {
        var text = _wrapper.GenerateContextState([new LlamaChat.History.ChatUserMessage("<|im_end|>")]).ContextText;
        Assert.Contains(LlamaTextValue.FromText("<|im_end|>"), text.Values);
    }

    [Fact]
    public void FunctionsUseTheDefaultSyntaxAndAreDocumentedInTheSystemTurn()
    {
        var state = _wrapper.GenerateContextState(OneCall, Functions);
        var text = state.ContextText;
        Assert.True(text.Includes(new LlamaText(S("<|im_start|>system\n"), SystemPrompt + "\n\nYou can call the functions")));
        Assert.Contains("function getFruitPrice(params: {name: string});", text.ToString());
        Assert.True(text.Includes(new LlamaText(
            S("<|im_start|>assistant\n"), "||call: getFruitPrice", S("("), "{\"name\": \"apple\"}", S(")\n"),
            "||result: {\"price\": \"$6\"}", S("\n"), "It is $6.")));
    }

    [Fact]
    public void TwoCallsAreEachFollowedByTheirResult()
    {
        var text = _wrapper.GenerateContextState(TwoCalls, Functions).ContextText;
        Assert.EndsWith(
            "||call: getFruitPrice({\"name\": \"apple\"})\n||result: {\"price\": \"$6\"}\n" +
            "||call: getFruitPrice({\"name\": \"banana\"})\n||result: {\"price\": \"$4\"}\nApple.",
            text.ToString());
    }
}
