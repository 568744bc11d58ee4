using System.Text.Json.Nodes;
using LlamaChat.ChatWrappers;
using LlamaChat.History;
using static LlamaChat.Tests.ChatWrappers.WrapperTestData;

namespace LlamaChat.Tests.ChatWrappers;

/// <summary>
/// The Jinja wrapper against the reference renderings of the real templates: for conversations that end with an open
/// model turn, its text must equal what Jinja2 renders with add_generation_prompt.
/// </summary>
public class JinjaTemplateChatWrapperFixtureTests
{
    private static readonly DateTimeOffset FixtureClock = new(2024, 7, 26, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(FixturePaths.ChatTemplates))
            foreach (var path in Directory.GetFiles(FixturePaths.ChatTemplates, "*.jinja").OrderBy(p => p, StringComparer.Ordinal))
                data.Add(Path.GetFileNameWithoutExtension(path));
        else
            data.Add("(fixtures missing)");

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Templates))]
    public void OpenTurnsMatchTheReferenceRendering(string name)
    {
        Skip.IfNot(Directory.Exists(FixturePaths.ChatTemplates), $"The shared fixtures are not at {FixturePaths.ChatTemplates}.");
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(FixturePaths.ChatTemplatesGolden, name + ".json")))!;
        var options = new JinjaTemplateChatWrapperOptions
        {
            Template = File.ReadAllText(Path.Combine(FixturePaths.ChatTemplates, name + ".jinja")),
            Clock = () => FixtureClock,
        };
        if (golden["cases"]!.AsArray().All(testCase => testCase!["expected"] is null))
        {
            // Jinja2 itself cannot render this template without extra variables; the wrapper must say so clearly.
            var e = Assert.Throws<ChatWrapperTemplateException>(() => new JinjaTemplateChatWrapper(options));
            Assert.Contains("fails to render", e.Message);
            return;
        }

        var wrapper = new JinjaTemplateChatWrapper(options);

        var checkedCases = 0;
        foreach (var testCase in golden["cases"]!.AsArray())
        {
            var caseName = testCase!["name"]!.GetValue<string>();
            if (caseName is not ("user_only_gen" or "system_user_gen" or "multi_turn_gen") || testCase["expected"] is not { } expected)
                continue;

            var history = ToHistory(testCase["context"]!["messages"]!.AsArray());
            if (history.OfType<ChatSystemMessage>().Any() && wrapper.ConvertsSystemMessages)
                continue;

            var text = AsTemplateOutput(wrapper.GenerateContextState(history).ContextText, eot: "");
            Assert.True(expected.GetValue<string>() == text, $"{name} / {caseName}:\nexpected {JsonValue.Create(expected.GetValue<string>())}\nactual   {JsonValue.Create(text)}");
            checkedCases++;
        }

        Skip.If(checkedCases == 0, $"{name}: the reference renderings have no comparable case (the template raises on them).");
    }

    [SkippableTheory]
    [MemberData(nameof(Templates))]
    public void TemplateToolCallsMatchTheReferenceRendering(string name)
    {
        Skip.IfNot(Directory.Exists(FixturePaths.ChatTemplates), $"The shared fixtures are not at {FixturePaths.ChatTemplates}.");
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(FixturePaths.ChatTemplatesGolden, name + ".json")))!;
        var testCase = golden["cases"]!.AsArray().First(c => c!["name"]!.GetValue<string>() == "tool_call_and_result")!;
        Skip.If(testCase["expected"] is null, $"{name}: Jinja2 cannot render the tool-call case.");

        var wrapper = new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions
        {
            Template = File.ReadAllText(Path.Combine(FixturePaths.ChatTemplates, name + ".jinja")),
            Clock = () => FixtureClock,
        });
        Skip.IfNot(wrapper.UsesTemplateFunctionCalling, $"{name}: no call syntax could be extracted, so calls use the generic syntax.");

        var context = testCase["context"]!;
        Skip.IfNot(testCase["expected"]!.GetValue<string>().Contains(context["messages"]![0]!["content"]!.GetValue<string>()),
            $"{name}: the template itself drops the system message in this conversation, which the wrapper reports as an error.");
        var tool = context["tools"]![0]!["function"]!;
        var functions = new[] { new ChatFunctionDefinition(tool["name"]!.GetValue<string>(), tool["description"]!.GetValue<string>(), tool["parameters"]!.DeepClone()) };
        var messages = context["messages"]!.AsArray();
        var call = messages[2]!["tool_calls"]![0]!["function"]!;
        var history = new ChatHistoryItem[]
        {
            new ChatSystemMessage(messages[0]!["content"]!.GetValue<string>()),
            new ChatUserMessage(messages[1]!["content"]!.GetValue<string>()),
            new ChatModelResponse(new ChatModelFunctionCall(call["name"]!.GetValue<string>(), call["arguments"]!.DeepClone(),
                messages[3]!["content"]!.GetValue<string>())),
        };

        // Call ids are arbitrary; the reference uses the one in its request.
        var text = AsTemplateOutput(wrapper.GenerateContextState(history, functions).ContextText, eot: "")
            .Replace("c00000001", messages[2]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        var expected = testCase["expected"]!.GetValue<string>();
        Assert.True(expected == text, $"{name}:\nexpected {JsonValue.Create(expected)!.ToJsonString()}\nactual   {JsonValue.Create(text)!.ToJsonString()}");
    }

    [SkippableTheory]
    [InlineData("Qwen-Qwen2.5-7B-Instruct", "", "<tool_call>\n{\"name\": \"", "\n", "<|im_end|>\n")]
    [InlineData("deepseek-ai-DeepSeek-V3.1", "<｜tool▁calls▁begin｜>", "<｜tool▁call▁begin｜>", "", "<｜tool▁calls▁end｜><｜end▁of▁sentence｜>")]
    [InlineData("unsloth-mistral-Devstral-Small-2507", "", "[TOOL_CALLS]", "", "EOS")]
    public void TemplatesThatWriteSeveralCallsInATurnGetParallelSections(string name, string sectionPrefix, string prefix, string between, string sectionSuffix)
    {
        var wrapper = FixtureWrapper(name);
        var parallelism = wrapper.Settings.Functions.Parallelism;
        Assert.NotNull(parallelism);
        Assert.Equal(sectionPrefix, parallelism.CallSectionPrefix.ToString());
        Assert.Equal(prefix, wrapper.Settings.Functions.Call.Prefix.ToString());
        Assert.Equal(between, parallelism.BetweenCalls.ToString());
        Assert.Equal(sectionSuffix, parallelism.CallSectionSuffix.ToString());
    }

    [SkippableTheory]
    [InlineData("meta-llama-Llama-3.1-8B-Instruct")] // refuses more than one call per turn
    [InlineData("mistralai-Mistral-Nemo-Instruct-2407")] // writes a call id the model would have to make up
    public void TemplatesWithoutRepeatableCallsKeepSingleCalls(string name)
    {
        var wrapper = FixtureWrapper(name);
        Assert.True(wrapper.UsesTemplateFunctionCalling);
        Assert.Null(wrapper.Settings.Functions.Parallelism);
    }

    [SkippableFact]
    public void ParallelSectionsWriteWhatTheTemplateWrites()
    {
        Skip.IfNot(Directory.Exists(FixturePaths.ChatTemplates), $"The shared fixtures are not at {FixturePaths.ChatTemplates}.");
        var function = new ChatFunctionDefinition("getFruitPrice", "Get the price of a fruit",
            JsonNode.Parse("""{"type":"object","properties":{"name":{"type":"string"}}}"""));
        ChatModelFunctionCall Call(string fruit, string price) =>
            new("getFruitPrice", new JsonObject { ["name"] = fruit }, new JsonObject { ["price"] = price });
        var calls = new[] { Call("apple", "$6") with { StartsNewChunk = true }, Call("banana", "$4") };
        var history = new ChatHistoryItem[] { new ChatUserMessage("Compare the fruits"), new ChatModelResponse([.. calls]) };

        var checkedTemplates = new List<string>();
        foreach (var path in Directory.GetFiles(FixturePaths.ChatTemplates, "*.jinja"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            JinjaTemplateChatWrapper wrapper;
            try
            {
                wrapper = FixtureWrapper(name);
            }
            catch (ChatWrapperTemplateException)
            {
                continue; // renders only with extra variables
            }

            if (wrapper.Settings.Functions.Parallelism is null) continue;
            var rendered = AsTemplateOutput(wrapper.GenerateContextState(history, [function]).ContextText, eot: "");
            var written = AsTemplateOutput(wrapper.GenerateFunctionCallsAndResults(calls, useRawCall: false), eot: "");
            Assert.True(rendered.Contains(written, StringComparison.Ordinal),
                $"{name}:\ntemplate {JsonValue.Create(rendered)!.ToJsonString()}\nsections {JsonValue.Create(written)!.ToJsonString()}");
            checkedTemplates.Add(name);
        }

        Assert.True(checkedTemplates.Count >= 8, "Parallel sections were found for only: " + string.Join(", ", checkedTemplates));
    }

    private static JinjaTemplateChatWrapper FixtureWrapper(string name)
    {
        Skip.IfNot(Directory.Exists(FixturePaths.ChatTemplates), $"The shared fixtures are not at {FixturePaths.ChatTemplates}.");
        return new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions
        {
            Template = File.ReadAllText(Path.Combine(FixturePaths.ChatTemplates, name + ".jinja")),
            Clock = () => FixtureClock,
        });
    }

    [SkippableFact]
    public void QwenTemplateCallSyntaxIsExtracted()
    {
        Skip.IfNot(Directory.Exists(FixturePaths.ChatTemplates), "fixtures missing");
        var wrapper = new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions
        {
            Template = File.ReadAllText(Path.Combine(FixturePaths.ChatTemplates, "Qwen-Qwen3-0.6B.jinja")),
        });
        var call = wrapper.Settings.Functions.Call;
        Assert.Equal("<tool_call>\n{\"name\": \"", call.Prefix.ToString());
        Assert.Equal("\", \"arguments\": ", call.ParamsPrefix.ToString());
        Assert.Equal("}\n</tool_call>", call.Suffix.ToString());
        Assert.Equal("<think>", wrapper.Settings.Segments.Thought!.Prefix.ToString());
    }

    private static List<ChatHistoryItem> ToHistory(JsonArray messages)
    {
        var history = new List<ChatHistoryItem>();
        foreach (var message in messages)
        {
            var content = message!["content"]!.GetValue<string>();
            history.Add(message["role"]!.GetValue<string>() switch
            {
                "system" => new ChatSystemMessage(content),
                "user" => new ChatUserMessage(content),
                _ => new ChatModelResponse(new ChatModelText(content)),
            });
        }

        history.Add(new ChatModelResponse());
        return history;
    }
}
