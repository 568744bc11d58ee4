using System.Text.RegularExpressions;
using LlamaChat.ChatWrappers;
using LlamaChat.Tests.Text;

namespace LlamaChat.Tests.ChatWrappers;

public class ChatWrapperResolverTests
{
    [Theory]
    [InlineData("Meta Llama 3.1 8B Instruct", null, "llama3.1")]
    [InlineData("Llama 3.2 3B Instruct", "3B", "llama3.2-lightweight")]
    [InlineData("Meta-Llama-3-8B-Instruct", null, "llama3")]
    [InlineData("Mistral Nemo Instruct 2407", null, "mistral")]
    [InlineData("gemma-4-E2B-it", null, "gemma4")]
    [InlineData("gemma-2-2b-it", null, "gemma")]
    [InlineData("gpt-oss-20b", null, "harmony")]
    [InlineData("Seed-OSS-36B-Instruct", null, "seed")]
    [InlineData("Qwen3 0.6B", null, "qwen")]
    [InlineData("DeepSeek R1 Distill Qwen 7B", null, "deepSeek")]
    public void ModelNamesPickTheirFormat(string name, string? size, string expected)
    {
        var result = ChatWrapperResolver.Resolve(new ChatModelInfo { ModelName = name, SizeLabel = size });
        Assert.Equal(expected, result.TypeName);
        Assert.Contains(name.ToLowerInvariant(), result.Reason);
    }

    [Fact]
    public void Llama31FallsBackToLlama3WhenEomIsNotASpecialToken()
    {
        var tokenizer = new FakeTokenizer(["<|eot_id|>"]);
        var result = ChatWrapperResolver.Resolve(new ChatModelInfo { ModelName = "Llama 3.1 8B", Tokenizer = tokenizer });
        Assert.Equal("llama3", result.TypeName);
        Assert.IsType<Llama3ChatWrapper>(result.Wrapper);

        var withEom = ChatWrapperResolver.Resolve(new ChatModelInfo { ModelName = "Llama 3.1 8B", Tokenizer = new FakeTokenizer(["<|eom_id|>"]) });
        Assert.Equal("llama3.1", withEom.TypeName);
    }

    [Theory]
    [InlineData("{{ '<seed:think>' }}", "seed")]
    [InlineData("<|start|>{{ x }}<|channel|>", "harmony")]
    [InlineData("<|turn>model <|tool_call>call:", "gemma4")]
    [InlineData("<|im_start|>{{ m }}", "chatML")]
    [InlineData("<|im_start|>{{ m }}<tool_call>", "qwen")]
    [InlineData("[INST] {{ m }} [/INST]", "llama2Chat")]
    [InlineData("<|start_header_id|>", "llama3.1")]
    [InlineData("<start_of_turn>", "gemma")]
    [InlineData("<｜User｜>{{m}}<｜Assistant｜>", "deepSeek")]
    public void TemplateSubstringsPickTheirFormat(string template, string expected) =>
        Assert.Equal(expected, ChatWrapperResolver.Resolve(new ChatModelInfo { ChatTemplate = template }).TypeName);

    [Fact]
    public void Llama2SpaceBeforeEosIsDetected()
    {
        var result = ChatWrapperResolver.Resolve(new ChatModelInfo { ChatTemplate = "[INST] {{ content + ' ' + eos_token }}" });
        Assert.True(Assert.IsType<Llama2ChatWrapper>(result.Wrapper).AddSpaceBeforeEos);
    }

    [Theory]
    [InlineData("llama-2-7b-chat.Q4_K_M.gguf", "llama2Chat")]
    [InlineData("codellama-7b.gguf", "general")]
    [InlineData("dolphin-2.1-mistral-7b.gguf", "chatML")]
    [InlineData("mistral-7b-v0.1.gguf", "general")]
    [InlineData("alpaca-7b.gguf", "alpacaChat")]
    [InlineData("functionary-small-v2.5.gguf", "functionary")]
    [InlineData("my-model.chatml.gguf", "chatML")]
    public void FileNamesPickTheirFormat(string fileName, string expected) =>
        Assert.Equal(expected, ChatWrapperResolver.Resolve(new ChatModelInfo { FileName = fileName }).TypeName);

    [Theory]
    [InlineData("<s>", null, "llama2Chat")]
    [InlineData("<|im_start|>", null, "chatML")]
    [InlineData(null, "falcon", "falconChat")]
    [InlineData(null, "gemma2", "gemma")]
    [InlineData(null, "gemma4", "gemma4")]
    [InlineData(null, "llama", "general")]
    [InlineData(null, null, "general")]
    public void BosTextAndArchitectureAreLastResorts(string? bos, string? architecture, string expected) =>
        Assert.Equal(expected, ChatWrapperResolver.Resolve(new ChatModelInfo { BosText = bos, Architecture = architecture }).TypeName);

    [Fact]
    public void ExplicitTypesWin()
    {
        Assert.Equal("chatML", ChatWrapperResolver.Resolve(new ChatModelInfo { ModelName = "gemma" }, new ChatWrapperResolveOptions { Type = "chatML" }).TypeName);
        var e = Assert.Throws<ArgumentException>(() => ChatWrapperResolver.Resolve(new ChatModelInfo(), new ChatWrapperResolveOptions { Type = "nope" }));
        Assert.Contains("chatML", e.Message);

        var ignored = ChatWrapperResolver.Resolve(new ChatModelInfo(), new ChatWrapperResolveOptions { Type = "template" });
        Assert.Equal("general", ignored.TypeName);
        Assert.Contains("without TemplateOptions", ignored.Reason);
    }

    [Fact]
    public void EveryTypeNameCanBeCreated()
    {
        foreach (var name in ChatWrapperResolver.TypeNames.Where(name => name is not ("template" or "jinjaTemplate")))
            Assert.NotNull(ChatWrapperResolver.CreateByTypeName(name));
    }

    private const string UnknownChatTemplate =
        "{% for m in messages %}<<{{ m.role }}>>{{ m.content }}<</{{ m.role }}>>{% endfor %}{% if add_generation_prompt %}<<assistant>>{% endif %}";

    [Fact]
    public void AnUnknownTemplateIsUsedThroughTheJinjaWrapper()
    {
        var result = ChatWrapperResolver.Resolve(new ChatModelInfo { ChatTemplate = UnknownChatTemplate });
        Assert.Equal("jinjaTemplate", result.TypeName);
        Assert.Contains("no specialized wrapper renders it identically", result.Reason);

        var text = result.Wrapper.GenerateContextState([new LlamaChat.History.ChatUserMessage("<</user>>hi"), new LlamaChat.History.ChatModelResponse()]).ContextText;
        Assert.Equal(new LlamaChat.Text.LlamaText(new LlamaChat.Text.SpecialTokensText("<<user>>"), "<</user>>hi", new LlamaChat.Text.SpecialTokensText("<</user>><<assistant>>")), text);
    }

    [Fact]
    public void NoJinjaFallsBackToTheOtherRules()
    {
        var result = ChatWrapperResolver.Resolve(new ChatModelInfo { ChatTemplate = UnknownChatTemplate, Architecture = "falcon" },
            new ChatWrapperResolveOptions { NoJinja = true });
        Assert.Equal("falconChat", result.TypeName);
        Assert.Contains("NoJinja", result.Reason);
    }

    [Fact]
    public void ABrokenTemplateFallsBackToTheOtherRules()
    {
        var result = ChatWrapperResolver.Resolve(new ChatModelInfo { ChatTemplate = "{% for %}", ModelName = "gemma-2" });
        Assert.Equal("gemma", result.TypeName);
        Assert.Contains("cannot be used", result.Reason);
    }

    [Fact]
    public void ARenderingIdenticalSpecializedWrapperIsPreferred()
    {
        const string chatMl = "{{ bos_token }}{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}" +
                              "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
        var result = ChatWrapperResolver.Resolve(new ChatModelInfo { ChatTemplate = chatMl });
        Assert.Contains(result.TypeName, new[] { "chatML", "qwen" });
        Assert.Contains("renders the model's Jinja chat template identically", result.Reason);
    }

    [SkippableFact]
    public void FixtureTemplatesResolveAsDocumented()
    {
        Skip.IfNot(Directory.Exists(FixturePaths.ChatTemplates), $"The shared fixtures are not at {FixturePaths.ChatTemplates}.");

        var documented = ReadDocumentedTable();
        var templates = Directory.GetFiles(FixturePaths.ChatTemplates, "*.jinja").OrderBy(path => path, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(templates);

        var mismatches = new List<string>();
        foreach (var path in templates)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var result = ChatWrapperResolver.Resolve(new ChatModelInfo { ChatTemplate = File.ReadAllText(path) });
            if (!documented.TryGetValue(name, out var expected))
                mismatches.Add($"| {name} | {result.TypeName} | (missing from docs/chat-formats.md)");
            else if (expected != result.TypeName)
                mismatches.Add($"{name}: documented {expected}, resolved {result.TypeName} ({result.Reason})");

            if (result.Reason.Contains("renders the model's Jinja chat template identically") && MatchesReferenceRenderings(name, result.TypeName) is { } problem)
                mismatches.Add($"{name}: {result.TypeName} was chosen, but {problem}");
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>
    /// Checks a chosen specialized wrapper against Python Jinja2's renderings of the real template (independent of the
    /// resolver's own comparison): one of its test configurations must reproduce every open-turn reference case.
    /// </summary>
    private static string? MatchesReferenceRenderings(string name, string typeName)
    {
        var golden = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(FixturePaths.ChatTemplatesGolden, name + ".json")))!;
        var candidate = SpecializedWrapperCandidates.All.Single(c => c.TypeName == typeName);
        string? lastProblem = null;
        foreach (var configuration in candidate.Configurations)
        {
            var wrapper = configuration.Test();
            lastProblem = null;
            foreach (var testCase in golden["cases"]!.AsArray())
            {
                var caseName = testCase!["name"]!.GetValue<string>();
                if (caseName is not ("user_only_gen" or "system_user_gen" or "multi_turn_gen") || testCase["expected"] is not { } expected)
                    continue;

                var history = new List<LlamaChat.History.ChatHistoryItem>();
                foreach (var message in testCase["context"]!["messages"]!.AsArray())
                {
                    var content = message!["content"]!.GetValue<string>();
                    history.Add(message["role"]!.GetValue<string>() switch
                    {
                        "system" => new LlamaChat.History.ChatSystemMessage(content),
                        "user" => new LlamaChat.History.ChatUserMessage(content),
                        _ => new LlamaChat.History.ChatModelResponse(new LlamaChat.History.ChatModelText(content)),
                    });
                }

                history.Add(new LlamaChat.History.ChatModelResponse());
                // As in the resolver's comparison, a leading BOS does not count: the tokenizer adds it or not.
                static string WithoutBos(string text) => text.StartsWith("<s>", StringComparison.Ordinal) ? text[3..] : text;
                var actual = WithoutBos(WrapperTestData.AsTemplateOutput(wrapper.GenerateContextState(history).ContextText).TrimEnd());
                var reference = WithoutBos(expected.GetValue<string>().TrimEnd());

                if (actual != reference)
                    lastProblem = $"its {configuration.Description} rendering of {caseName} differs from the reference";
            }

            if (lastProblem is null)
                return null;
        }

        return lastProblem;
    }

    private static Dictionary<string, string> ReadDocumentedTable()
    {
        var doc = File.ReadAllText(Path.Combine(FixturePaths.RepoRoot, "docs", "chat-formats.md"));
        var table = new Dictionary<string, string>();
        foreach (Match match in Regex.Matches(doc, @"^\| `([^`]+)\.jinja` \| `([^`]+)` \|", RegexOptions.Multiline))
            table[match.Groups[1].Value] = match.Groups[2].Value;

        return table;
    }
}
