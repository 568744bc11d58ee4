using System.Text.Json.Nodes;
using LlamaChat.ChatWrappers;
using LlamaChat.History;
using LlamaChat.Text;
using static LlamaChat.Tests.ChatWrappers.WrapperTestData;

namespace LlamaChat.Tests.ChatWrappers;

/// <summary>Golden renderings of the formats with fixed histories: turns, open turns, thoughts and function calls.</summary>
public class FormatWrapperTests
{
    [Fact]
    public void GeneralUsesTitlesAndStopsOnThem()
    {
        var state = new GeneralChatWrapper().GenerateContextState(Conversation);
        AssertText(new LlamaText(SpecialToken.Bos,
            "You are a helpful assistant.\n\n### Human\nHi there\n\n### Assistant\nHello!\n\n### Human\nHow are you?\n\n### Assistant\n"), state.ContextText);
        Assert.Contains(new LlamaText("\n\n### Human"), state.StopGenerationTriggers);
    }

    [Fact]
    public void AlpacaUsesInstructionAndResponseTitles()
    {
        var text = new AlpacaChatWrapper().GenerateContextState(Conversation).ContextText.ToString();
        Assert.Equal("BOSYou are a helpful assistant.\n\n### Instruction:\nHi there\n\n### Response:\nHello!\n\n### Instruction:\nHow are you?\n\n### Response:\n", text);
    }

    [Fact]
    public void FalconUsesUserAndAssistantTitles()
    {
        var text = new FalconChatWrapper().GenerateContextState(Conversation).ContextText.ToString();
        Assert.Equal("BOSYou are a helpful assistant.\n\nUser: Hi there\n\nAssistant: Hello!\n\nUser: How are you?\n\nAssistant: ", text);
    }

    [Fact]
    public void Llama2PutsTheSystemPromptInsideTheFirstInstruction()
    {
        var text = new Llama2ChatWrapper().GenerateContextState(Conversation).ContextText;
        AssertText(new LlamaText(
            SpecialToken.Bos, S("[INST] <<SYS>>\n"), SystemPrompt, S("\n<</SYS>>\n\n"), "Hi there", S(" [/INST] "), "Hello!", SpecialToken.Eos,
            SpecialToken.Bos, S("[INST] "), "How are you?", S(" [/INST] ")), text);

        var spaced = new Llama2ChatWrapper(addSpaceBeforeEos: true).GenerateContextState(Conversation).ContextText;
        Assert.True(spaced.Includes(new LlamaText("Hello! ", SpecialToken.Eos)));
    }

    [Fact]
    public void GemmaMergesSystemTextIntoTheUserTurn()
    {
        var wrapper = new GemmaChatWrapper();
        Assert.False(wrapper.Settings.SupportsSystemMessages);
        AssertText(new LlamaText(SpecialToken.Bos,
            S("<start_of_turn>user\n"), "You are a helpful assistant.\n\n---\n\nHi there", S("<end_of_turn>\n"),
            S("<start_of_turn>model\n"), "Hello!", S("<end_of_turn>\n"),
            S("<start_of_turn>user\n"), "How are you?", S("<end_of_turn>\n"),
            S("<start_of_turn>model\n")), wrapper.GenerateContextState(Conversation).ContextText);
    }

    [Fact]
    public void Llama3WritesParallelCallsThenResultTurns()
    {
        var text = new Llama3ChatWrapper().GenerateContextState(TwoCalls, Functions).ContextText;
        Assert.True(text.Includes(new LlamaText(
            S("<|start_header_id|>assistant<|end_header_id|>\n\n"),
            "||call: getFruitPrice", S("("), "{\"name\": \"apple\"}", S(")"), "\n||call: getFruitPrice", S("("), "{\"name\": \"banana\"}", S(")"),
            S("<|eot_id|>"),
            S("<|start_header_id|>function_call_result<|end_header_id|>\n\n"), "{\"price\": \"$6\"}", S("<|eot_id|>"),
            S("<|start_header_id|>function_call_result<|end_header_id|>\n\n"), "{\"price\": \"$4\"}", S("<|eot_id|>"),
            S("<|start_header_id|>assistant<|end_header_id|>\n\n"), "Apple.")), text.ToDebugString());
    }

    [Fact]
    public void Llama3WithoutParallelCallsClosesTheTurnAroundEachResult()
    {
        var text = new Llama3ChatWrapper(parallelFunctionCalling: false).GenerateContextState(OneCall, Functions).ContextText;
        Assert.True(text.Includes(new LlamaText(
            S(")"), S("<|eot_id|>"), S("<|start_header_id|>function_call_result<|end_header_id|>\n\n"), "{\"price\": \"$6\"}",
            S("<|eot_id|>"), S("<|start_header_id|>assistant<|end_header_id|>\n\n"), "It is $6.")));
    }

    [Fact]
    public void Llama31CallSyntax()
    {
        var wrapper = new Llama3_1ChatWrapper(new Llama3PreambleOptions { TodayDate = null, CuttingKnowledgeDate = null });
        var text = wrapper.GenerateContextState(OneCall, Functions).ContextText;
        Assert.True(text.Includes(new LlamaText(
            S("<|start_header_id|>assistant<|end_header_id|>\n\n<function="), "getFruitPrice", S(">"), "{\"name\": \"apple\"}",
            S("</function><|eom_id|>\n<|start_header_id|>ipython<|end_header_id|>\n\n"), "{\"price\": \"$6\"}", S("<|eot_id|>"),
            S("<|start_header_id|>assistant<|end_header_id|>\n\n"), "It is $6.")));
        Assert.Contains("Use the function 'getFruitPrice' to: Get the price of a fruit", text.ToString());
    }

    [Fact]
    public void MistralWritesParallelCallsInOneSection()
    {
        var text = new MistralChatWrapper().GenerateContextState(TwoCalls, Functions).ContextText;
        Assert.EndsWith(
            "[TOOL_CALLS][{\"name\": \"getFruitPrice\", \"arguments\": {\"name\": \"apple\"}}, {\"name\": \"getFruitPrice\", \"arguments\": {\"name\": \"banana\"}}]EOS" +
            "[TOOL_RESULTS]{\"name\": \"getFruitPrice\", \"content\": {\"price\": \"$6\"}}[/TOOL_RESULTS]" +
            "[TOOL_RESULTS]{\"name\": \"getFruitPrice\", \"content\": {\"price\": \"$4\"}}[/TOOL_RESULTS]Apple.", text.ToString());
    }

    [Fact]
    public void MistralInitialHistoryIsEmptyWithoutSystemPrompt()
    {
        Assert.Empty(new MistralChatWrapper().GenerateInitialChatHistory(""));
        Assert.Single(new MistralChatWrapper().GenerateInitialChatHistory("Be brief."));
    }

    [Fact]
    public void QwenKeepsOnlyTheLastThoughtAndLeavesAnOpenThoughtOpen()
    {
        var text = new QwenChatWrapper().GenerateContextState(Thoughts).ContextText;
        AssertText(new LlamaText(
            S("<|im_start|>user\n"), "Hi", S("<|im_end|>\n<|im_start|>assistant\n"), "Hello!", S("<|im_end|>\n"),
            S("<|im_start|>user\n"), "Again", S("<|im_end|>\n<|im_start|>assistant\n<think>\n"), "Hmm"), text);

        var all = new QwenChatWrapper(keepOnlyLastThought: false).GenerateContextState(Thoughts).ContextText;
        Assert.True(all.Includes(new LlamaText(S("<think>\n"), "Greet back", S("\n</think>"), "Hello!")));
    }

    [Fact]
    public void QwenDiscourageInjectsAnEmptyThought()
    {
        var text = new QwenChatWrapper(thoughts: ThoughtsMode.Discourage)
            .GenerateContextState([new ChatUserMessage("Hi"), new ChatModelResponse()]).ContextText;
        Assert.EndsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n", text.ToString());
    }

    [Fact]
    public void QwenRepeatsTheOpenThoughtAfterFunctionResults()
    {
        var history = new ChatHistoryItem[]
        {
            new ChatUserMessage("Apple?"),
            new ChatModelResponse(new ChatModelSegment(ChatModelSegmentType.Thought, "Check", false), Call("apple", "$6", true)),
        };
        var text = new QwenChatWrapper().GenerateContextState(history, Functions).ContextText;
        Assert.EndsWith("</tool_response><|im_end|>\n<|im_start|>assistant\n<think>\n", text.ToString());
    }

    [Fact]
    public void Qwen35UsesFunctionTagsAndPutsToolsFirst()
    {
        var wrapper = new QwenChatWrapper(variation: QwenVariation.Qwen3_5);
        var text = wrapper.GenerateContextState(OneCall, Functions).ContextText.ToString();
        Assert.StartsWith("<|im_start|>system\n# Tools\n\nYou have access to the following functions:", text);
        Assert.Contains("\n\nYou are a helpful assistant.<|im_end|>", text);
        Assert.Contains("<tool_call>\n<function=getFruitPrice>\n<parameter=params>\n{\"name\": \"apple\"}\n</parameter>\n</function>\n</tool_call><|im_end|>\n", text);
    }

    [Fact]
    public void DeepSeekOriginalSyntax()
    {
        var wrapper = new DeepSeekChatWrapper(functionCallingSyntax: DeepSeekFunctionCallingSyntax.Original);
        var text = wrapper.GenerateContextState(OneCall, Functions).ContextText.ToString();
        Assert.Contains("<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>getFruitPrice\n```json\n{\"name\": \"apple\"}\n```" +
                        "<｜tool▁call▁end｜><｜tool▁calls▁end｜><｜end▁of▁sentence｜><｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>{\"price\": \"$6\"}" +
                        "<｜tool▁output▁end｜><｜tool▁outputs▁end｜><｜Assistant｜>It is $6.", text);
        Assert.Throws<ArgumentException>(() => new DeepSeekChatWrapper(parallelFunctionCalling: true));
    }

    [Fact]
    public void Gemma4FunctionCallResultAndDeclarations()
    {
        var text = new Gemma4ChatWrapper().GenerateContextState(OneCall, Functions).ContextText.ToString();
        Assert.StartsWith("BOS<|turn>system\n<|think|>\nYou are a helpful assistant.<|tool>declaration:getFruitPrice{\"description\": \"Get the price of a fruit\"", text);
        Assert.EndsWith("<|turn>model\n<|tool_call>call:getFruitPrice{\"name\": \"apple\"}<tool_call|><|tool_response>response:getFruitPrice{\"price\": \"$6\"}<tool_response|>It is $6.", text);
    }

    [Fact]
    public void Gemma4KeepsOnlyTheLastThought()
    {
        var text = new Gemma4ChatWrapper().GenerateContextState(Thoughts).ContextText.ToString();
        Assert.DoesNotContain("Greet back", text);
        Assert.EndsWith("<|turn>model\n<|channel>thought\nHmm", text);
    }

    [Fact]
    public void SeedUsesUserHeadersAndTheThinkingBudget()
    {
        var text = new SeedChatWrapper(thinkingBudget: 0).GenerateContextState(Conversation).ContextText.ToString();
        Assert.StartsWith("<seed:bos>system\nYou are a helpful assistant.\n<seed:eos><seed:bos>system\n", text);
        Assert.Contains("<seed:bos>user\nHi there\n<seed:eos>", text);
        Assert.EndsWith("<seed:bos>assistant\n<seed:think>\n<seed:cot_budget_reflect>The current thinking budget is 0, so I will directly start answering the question.</seed:cot_budget_reflect>\n</seed:think>", text);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeedChatWrapper(-1));
    }

    [Fact]
    public void SeedCallSyntax()
    {
        var text = new SeedChatWrapper().GenerateContextState(OneCall, Functions).ContextText.ToString();
        Assert.Contains("<seed:bos>assistant\n<seed:tool_call>\n<function=getFruitPrice>{\"name\": \"apple\"}\n</function>\n</seed:tool_call>\n" +
                        "<seed:bos>tool\n{\"price\": \"$6\"}<seed:eos>It is $6.", text);
    }

    [Fact]
    public void FunctionaryV3StartsEngagedAndWritesRecipients()
    {
        var wrapper = new FunctionaryChatWrapper();
        var state = wrapper.GenerateContextState(TwoCalls, Functions);
        var text = state.ContextText.ToString();
        Assert.Contains("namespace functions {\n\n// Get the price of a fruit\ntype getFruitPrice = (_: {name: string}) => any;\n\n} // namespace functions", text);
        Assert.EndsWith("<|start_header_id|>assistant<|end_header_id|>\n\n>>>getFruitPrice\n{\"name\": \"apple\"}>>>getFruitPrice\n{\"name\": \"banana\"}EOT" +
                        "<|start_header_id|>tool<|end_header_id|>\n\n{\"price\": \"$6\"}EOT<|start_header_id|>tool<|end_header_id|>\n\n{\"price\": \"$4\"}EOT" +
                        "<|start_header_id|>assistant<|end_header_id|>\n\n>>>all\nApple.", text);
        Assert.NotNull(state.InitiallyEngagedFunctionCall);
        Assert.Contains(new LlamaText(">>>all\n"), state.IgnoreStartText);
        Assert.Throws<ArgumentException>(() => wrapper.GenerateContextState(Conversation, [new ChatFunctionDefinition("all")]));
    }

    [Fact]
    public void FunctionaryV2Messages()
    {
        var text = new FunctionaryChatWrapper(FunctionaryVariation.V2).GenerateContextState(Conversation).ContextText.ToString();
        Assert.Equal("BOS<|from|>system\n<|recipient|>all\n<|content|>You are a helpful assistant.\n<|from|>user\n<|recipient|>all\n<|content|>Hi there" +
                     "\n<|from|>assistant\n<|recipient|>all\n<|content|>Hello!<|stop|>\n<|from|>user\n<|recipient|>all\n<|content|>How are you?" +
                     "\n<|from|>assistant\n<|recipient|>all\n<|content|>", text);
    }

    [Fact]
    public void FunctionaryV2AnswersAfterResultsUnderOneHeader()
    {
        var text = new FunctionaryChatWrapper(FunctionaryVariation.V2).GenerateContextState([.. TwoCalls, new ChatUserMessage("Thanks")]).ContextText.ToString();
        // The results section opens the assistant's next message; the answer goes on in it, as it was generated.
        Assert.Contains("<|content|>{\"price\": \"$4\"}\n<|from|>assistant\n<|recipient|>all\n<|content|>Apple.<|stop|>\n<|from|>user", text);
    }

    [Fact]
    public void ContextStateRejectsDuplicateFunctionsAndNullItems()
    {
        var wrapper = new ChatMLChatWrapper();
        var e = Assert.Throws<ArgumentException>(() => wrapper.GenerateContextState(Conversation, [Functions[0], Functions[0]]));
        Assert.Contains("getFruitPrice", e.Message);
        Assert.Throws<ArgumentException>(() => wrapper.GenerateContextState([null!]));
    }

    [Fact]
    public void RawCallAndRawSegmentAreReusedUnlessDisabled()
    {
        var raw = new LlamaText(S("<x>"), "raw call");
        var response = new ChatModelResponseItem[]
        {
            new ChatModelSegment(ChatModelSegmentType.Thought, "t", true) { Raw = new LlamaText(S("<think>\n"), "raw thought", S("\n</think>")) },
            Call("apple", "$6", true) with { RawCall = raw },
        };
        var wrapper = new QwenChatWrapper();
        Assert.Contains("raw thought", wrapper.GenerateModelResponseText(response).ToString());
        Assert.Contains("<x>raw call", wrapper.GenerateModelResponseText(response).ToString());
        Assert.DoesNotContain("raw", wrapper.GenerateModelResponseText(response, useRawValues: false).ToString());
    }
}
