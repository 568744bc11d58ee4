using LlamaChat.ChatWrappers;
using LlamaChat.History;
using LlamaChat.Text;
using static LlamaChat.Tests.ChatWrappers.WrapperTestData;

namespace LlamaChat.Tests.ChatWrappers;

public class TemplateChatWrapperTests
{
    private static TemplateChatWrapperOptions Options => new()
    {
        Template = "{{systemPrompt}}\n{{history}}model: {{completion}}\nuser: ",
        HistoryTemplate = new TemplateChatWrapperHistoryTemplate { System = "system: {{message}}\n", User = "user: {{message}}\n", Model = "model: {{message}}\n" },
    };

    [Fact]
    public void RendersSystemPromptHistoryAndCompletion()
    {
        var state = new TemplateChatWrapper(Options).GenerateContextState(Conversation);
        AssertText(new LlamaText(SystemPrompt, S("\nuser: "), "Hi there", S("\nmodel: "), "Hello!", S("\nuser: "), "How are you?", S("\nmodel: ")),
            state.ContextText);
        Assert.Contains(new LlamaText("\nuser: "), state.StopGenerationTriggers);
    }

    [Fact]
    public void FunctionCallTemplateDefinesTheSyntax()
    {
        var wrapper = new TemplateChatWrapper(Options with
        {
            FunctionCallMessageTemplate = new TemplateFunctionCallMessageTemplate
            {
                Call = "[[call: {{functionName}}({{functionParams}})]]",
                Result = " [[result: {{functionCallResult}}]]",
            },
        });
        Assert.Equal(new LlamaText(S("[[call: ")), wrapper.Settings.Functions.Call.Prefix);
        Assert.EndsWith("model: [[call: getFruitPrice({\"name\": \"apple\"})]] [[result: {\"price\": \"$6\"}]]It is $6.",
            wrapper.GenerateContextState(OneCall, Functions).ContextText.ToString());
    }

    [Fact]
    public void ThoughtTemplateDefinesTheThoughtSegment()
    {
        var wrapper = new TemplateChatWrapper(Options with { Segments = new TemplateSegmentOptions { ThoughtTemplate = "<think>{{content}}</think>" } });
        Assert.Equal(new LlamaText(S("<think>")), wrapper.Settings.Segments.Thought!.Prefix);
        Assert.EndsWith("model: <think>Hmm", wrapper.GenerateContextState(Thoughts).ContextText.ToString());
    }

    [Theory]
    [InlineData("{{history}}model: {{completion}}", "needs text after {{completion}}")]
    [InlineData("{{history}}model: ", "must contain {{completion}}")]
    [InlineData("model: {{completion}}\n", "must contain {{history}}")]
    [InlineData("{{history}}{{history}}{{completion}}x", "more than once")]
    public void InvalidTemplatesThrowClearErrors(string template, string message)
    {
        var e = Assert.Throws<ChatWrapperTemplateException>(() => new TemplateChatWrapper(Options with { Template = template }));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void CallTemplateNeedsTextAroundTheNameAndParams()
    {
        var e = Assert.Throws<ChatWrapperTemplateException>(() => new TemplateChatWrapper(Options with
        {
            FunctionCallMessageTemplate = new TemplateFunctionCallMessageTemplate { Call = "{{functionName}}({{functionParams}})", Result = "{{functionCallResult}}" },
        }));
        Assert.Contains("before {{functionName}}", e.Message);
    }
}
