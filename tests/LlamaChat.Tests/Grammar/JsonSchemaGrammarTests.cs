using System.Text.Json.Nodes;
using LlamaChat.Grammar;
using LlamaChat.Grammar.Gbnf;
using Xunit.Abstractions;

namespace LlamaChat.Tests.Grammar;

public class JsonSchemaGrammarTests
{
    private readonly ITestOutputHelper _output;

    public JsonSchemaGrammarTests(ITestOutputHelper output) => _output = output;

    private const string SeedSchema = """
        {
          "type": "object",
          "properties": {
            "positiveWordsInUserMessage": { "type": "array", "items": { "type": "string" } },
            "userMessagePositivityScoreFromOneToTen": { "enum": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
            "nameOfUser": { "oneOf": [ { "type": "null" }, { "type": "string" } ] }
          }
        }
        """;

    [Fact]
    public void SeedSchemaGrammarAcceptsAndParsesAnAnswer()
    {
        var grammar = JsonSchemaGrammar.FromSchema(SeedSchema);
        _output.WriteLine(grammar.Gbnf);
        var answer = """{"positiveWordsInUserMessage": ["Nice", "meet"], "userMessagePositivityScoreFromOneToTen": 8, "nameOfUser": "John"}""";
        var matcher = new GbnfMatcher(grammar.Definition, JsonSchemaGrammar.ValueRuleName);
        Assert.True(matcher.Matches(answer));
        Assert.True(grammar.Matches(answer + "\n\n\n\n"));
        var parsed = grammar.Parse(answer + "\n");
        Assert.Equal("John", parsed!["nameOfUser"]!.GetValue<string>());
        Assert.Equal(8, parsed["userMessagePositivityScoreFromOneToTen"]!.GetValue<int>());
        Assert.Equal(new[] { "\n\n\n\n" }, grammar.StopGenerationTriggers);
        Assert.True(grammar.TrimWhitespaceSuffix);
    }
}
