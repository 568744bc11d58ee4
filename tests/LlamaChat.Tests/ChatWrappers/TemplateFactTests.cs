using System.Text.Json.Nodes;
using LlamaChat.ChatWrappers;
using LlamaChat.History;
using LlamaChat.Text;
using static LlamaChat.Tests.ChatWrappers.WrapperTestData;

namespace LlamaChat.Tests.ChatWrappers;

/// <summary>
/// Wrapper output compared with what the models' own chat templates produce for the same conversation (the expected
/// strings are the reference renderings of the real templates, by Python's Jinja2).
/// </summary>
public class TemplateFactTests
{
    private const string System = "You are a helpful assistant. Answer briefly.";
    private static readonly DateOnly TemplateDate = new(2024, 7, 26);

    private static ChatHistoryItem[] MultiTurn =>
    [
        new ChatSystemMessage(System),
        new ChatUserMessage("Hi there, how are you?"),
        new ChatModelResponse(new ChatModelText("I'm fine, thanks! How can I help?")),
        new ChatUserMessage("Summarize what you said"),
        new ChatModelResponse(),
    ];

    private static readonly ChatFunctionDefinition[] FruitFunctions =
    [
        new("getFruitPrice", "Get the price of a fruit", JsonNode.Parse(
            """{"type": "object", "properties": {"name": {"type": "string", "description": "The fruit's name"}}, "required": ["name"]}""")),
    ];

    [Fact]
    public void Llama31MatchesTheMetaTemplate()
    {
        var wrapper = new Llama3_1ChatWrapper(new Llama3PreambleOptions { TodayDate = () => TemplateDate });
        Assert.Equal(
            "<s><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n" +
            "You are a helpful assistant. Answer briefly.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi there, how are you?<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\nI'm fine, thanks! How can I help?<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n" +
            "Summarize what you said<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            AsTemplateOutput(wrapper.GenerateContextState(MultiTurn).ContextText));
    }

    [Fact]
    public void Llama31WithoutSystemPromptKeepsTheBlankLineAfterTheDates()
    {
        var wrapper = new Llama3_1ChatWrapper(new Llama3PreambleOptions { TodayDate = () => TemplateDate });
        Assert.Equal(
            "<s><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHi there, how are you?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            AsTemplateOutput(wrapper.GenerateContextState([new ChatUserMessage("Hi there, how are you?"), new ChatModelResponse()]).ContextText));
    }

    [Fact]
    public void Llama32LightweightCallAndResultMatchTheTemplateTurns()
    {
        var wrapper = new Llama3_2LightweightChatWrapper(new Llama3PreambleOptions { TodayDate = () => TemplateDate });
        var history = new ChatHistoryItem[]
        {
            new ChatUserMessage("What does an apple cost?"),
            new ChatModelResponse(new ChatModelFunctionCall("getFruitPrice", new JsonObject { ["name"] = "apple" }, "{\"name\": \"apple\", \"price\": \"$6\"}")),
        };
        Assert.EndsWith(
            "What does an apple cost?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"getFruitPrice\", \"parameters\": {\"name\": \"apple\"}}" +
            "<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n\n\"{\\\"name\\\": \\\"apple\\\", \\\"price\\\": \\\"$6\\\"}\"<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
            AsTemplateOutput(wrapper.GenerateContextState(history, FruitFunctions).ContextText));
    }

    [Fact]
    public void QwenMatchesTheQwen3TemplateIncludingToolsAndResults()
    {
        var history = new ChatHistoryItem[]
        {
            new ChatSystemMessage(System),
            new ChatUserMessage("What does an apple cost?"),
            new ChatModelResponse(new ChatModelFunctionCall("getFruitPrice", new JsonObject { ["name"] = "apple" },
                JsonNode.Parse("""{"name": "apple", "price": "$6"}"""))),
        };
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant. Answer briefly.\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n" +
            "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n" +
            "{\"type\": \"function\", \"function\": {\"name\": \"getFruitPrice\", \"description\": \"Get the price of a fruit\", \"parameters\": " +
            "{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\", \"description\": \"The fruit's name\"}}, \"required\": [\"name\"]}}}\n</tools>\n\n" +
            "For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n" +
            "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n<|im_start|>user\nWhat does an apple cost?<|im_end|>\n" +
            "<|im_start|>assistant\n<tool_call>\n{\"name\": \"getFruitPrice\", \"arguments\": {\"name\": \"apple\"}}\n</tool_call><|im_end|>\n" +
            "<|im_start|>user\n<tool_response>\n{\"name\": \"apple\", \"price\": \"$6\"}\n</tool_response><|im_end|>\n<|im_start|>assistant\n",
            AsTemplateOutput(new QwenChatWrapper().GenerateContextState(history, FruitFunctions).ContextText));
    }

    [Fact]
    public void MistralMatchesTheNemoTemplate()
    {
        Assert.Equal(
            "<s>[INST]Hi there, how are you?[/INST]I'm fine, thanks! How can I help?</s>[INST]You are a helpful assistant. Answer briefly.\n\nSummarize what you said[/INST]",
            AsTemplateOutput(new MistralChatWrapper().GenerateContextState(MultiTurn).ContextText));

        var tools = new MistralChatWrapper().GenerateContextState([new ChatSystemMessage(System), new ChatUserMessage("Is an apple more expensive than a banana?")], FruitFunctions);
        Assert.Equal(
            "<s>[AVAILABLE_TOOLS][{\"type\": \"function\", \"function\": {\"name\": \"getFruitPrice\", \"description\": \"Get the price of a fruit\", \"parameters\": " +
            "{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\", \"description\": \"The fruit's name\"}}, \"required\": [\"name\"]}}}][/AVAILABLE_TOOLS]" +
            "[INST]You are a helpful assistant. Answer briefly.\n\nIs an apple more expensive than a banana?[/INST]",
            AsTemplateOutput(tools.ContextText));
    }

    [Fact]
    public void HarmonyMatchesTheGptOssTemplate()
    {
        var wrapper = new HarmonyChatWrapper(new HarmonyChatWrapperOptions { TodayDate = () => TemplateDate });
        var state = wrapper.GenerateContextState(MultiTurn);
        Assert.Equal(
            "<|start|>system<|message|>You are ChatGPT, a large language model trained by OpenAI.\nKnowledge cutoff: 2024-06\nCurrent date: 2024-07-26\n\n" +
            "Reasoning: medium\n\n# Valid channels: analysis, commentary, final. Channel must be included for every message.<|end|>" +
            "<|start|>developer<|message|># Instructions\n\nYou are a helpful assistant. Answer briefly.\n\n<|end|><|start|>user<|message|>Hi there, how are you?<|end|>" +
            "<|start|>assistant<|channel|>final<|message|>I'm fine, thanks! How can I help?<|end|><|start|>user<|message|>Summarize what you said<|end|><|start|>assistant",
            AsTemplateOutput(state.ContextText));
        Assert.Contains(state.PrefixTriggers, trigger => trigger.Kind == PrefixTriggerKind.Response);
        Assert.Equal(new LlamaText(S("<|channel|>final<|message|>")), state.NoPrefixTrigger!.Inject);
        Assert.False(state.DetectFunctionCalls);
        Assert.True(state.Rerender!.CloseResponseItem);
    }

    [Fact]
    public void HarmonyFunctionCallAndResult()
    {
        var wrapper = new HarmonyChatWrapper(new HarmonyChatWrapperOptions { TodayDate = null });
        var state = wrapper.GenerateContextState(
        [
            new ChatUserMessage("Apple?"),
            new ChatModelResponse(
                new ChatModelSegment(ChatModelSegmentType.Thought, "Need price", true),
                new ChatModelFunctionCall("getFruitPrice", new JsonObject { ["name"] = "apple" }, "$6")),
        ], FruitFunctions);
        Assert.EndsWith(
            "<|start|>user<|message|>Apple?<|end|><|start|>assistant<|channel|>analysis<|message|>Need price<|end|>" +
            "<|start|>assistant<|channel|>commentary to=functions.getFruitPrice<|constrain|>json<|message|>{\"name\": \"apple\"}<|call|>" +
            "<|start|>functions.getFruitPrice to=assistant<|channel|>commentary<|message|>\"$6\"<|end|><|start|>assistant",
            AsTemplateOutput(state.ContextText));
        Assert.Contains(state.PrefixTriggers, trigger => trigger.Kind == PrefixTriggerKind.FunctionCall);
    }

    [Fact]
    public void Gemma4WithoutReasoningMatchesTheTemplate()
    {
        Assert.Equal(
            "<s><|turn>system\nYou are a helpful assistant. Answer briefly.<turn|>\n<|turn>user\nHi there, how are you?<turn|>\n<|turn>model\n" +
            "I'm fine, thanks! How can I help?<turn|>\n<|turn>user\nSummarize what you said<turn|>\n<|turn>model\n<|channel>thought\n<channel|>",
            AsTemplateOutput(new Gemma4ChatWrapper(reasoning: false).GenerateContextState(MultiTurn).ContextText));
    }

    [Fact]
    public void DeepSeekRendersSystemFirstAndDropsOldThoughts()
    {
        var text = new DeepSeekChatWrapper().GenerateContextState(
        [
            new ChatSystemMessage(System),
            .. Thoughts,
        ]).ContextText;
        AssertText(new LlamaText(SpecialToken.Bos, System, S("<｜User｜>"), "Hi", S("<｜Assistant｜>"), "Hello!", S("<｜end▁of▁sentence｜>"),
            S("<｜User｜>"), "Again", S("<｜Assistant｜><think>"), "Hmm"), text);
    }
}
