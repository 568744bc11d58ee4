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

public class JsonSchemaGrammarErrorTests
{
    [Theory]
    [InlineData("""{"type":"integer","multipleOf":3}""", "#", "multipleOf")]
    [InlineData("""{"type":"object","properties":{"a":{"not":{"type":"string"}}}}""", "#/properties/a", "not")]
    [InlineData("""{"type":"string","maxLenght":3}""", "#", "maxLenght")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "#", "$ref")]
    [InlineData("""{"$ref":"other.json#/a"}""", "#", "$ref")]
    [InlineData("""{"type":"integer","minimum":5,"maximum":2}""", "#", "minimum")]
    [InlineData("""{"type":"integer","exclusiveMinimum":2,"maximum":2}""", "#", "minimum")]
    [InlineData("""{"type":"integer","minimum":2.2,"maximum":2.8}""", "#", "minimum")]
    [InlineData("""{"type":"array","minItems":3,"maxItems":1}""", "#", "minItems")]
    [InlineData("""{"type":"string","minLength":3,"maxLength":1}""", "#", "minLength")]
    [InlineData("""{"type":"array","items":{"type":"string","format":"color"}}""", "#/items", "format")]
    [InlineData("""{"type":"array","uniqueItems":true}""", "#", "uniqueItems")]
    [InlineData("""{"type":"string","pattern":"^(?=a)b$"}""", "#", "pattern")]
    [InlineData("""{"type":"string","pattern":"(a)\\1"}""", "#", "pattern")]
    [InlineData("""{"type":"string","pattern":"a\\bb"}""", "#", "pattern")]
    [InlineData("""{"type":"string","pattern":"a^b"}""", "#", "pattern")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}""", "#", "required")]
    [InlineData("""{"enum":[]}""", "#", "enum")]
    [InlineData("""{"type":"string","enum":[1,2]}""", "#", "enum")]
    [InlineData("""{"type":"number","minimum":0.5}""", "#", "minimum")]
    [InlineData("""{"type":"widget"}""", "#", "type")]
    [InlineData("""{"allOf":[{"type":"string"},{"type":"integer"}]}""", "#", "type")]
    [InlineData("""{"$defs":{"a":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""", "#/$defs/a", "$ref")]
    [InlineData("""{"type":"object","properties":{"a":false}}""", "#/properties/a", null)]
    public void BadSchemasFailWithThePathAndKeyword(string schema, string path, string? keyword)
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.FromSchema(schema));
        Assert.Equal(path, e.SchemaPath);
        Assert.Equal(keyword, e.Keyword);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void NotJsonIsAJsonSchemaException()
        => Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.FromSchema("{type:"));

    [Fact]
    public void ValidationErrorsNameThePathAndTheRule()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""
            {"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"n":{"type":"integer","maximum":3}}}}}}
            """);
        var e = Assert.Throws<JsonSchemaValidationException>(() => grammar.Parse("""{"items":[{"n":1},{"n":7}]}"""));
        Assert.Equal("$.items[1].n", e.InstancePath);
        Assert.Equal("maximum", e.Keyword);
        Assert.Equal("#/properties/items/items/properties/n", e.SchemaPath);
        Assert.Equal(7, e.Value!.GetValue<int>());

        var syntax = Assert.Throws<JsonSchemaValidationException>(() => grammar.Parse("{\"items\": [}"));
        Assert.Equal("json", syntax.Keyword);
        var duplicate = Assert.Throws<JsonSchemaValidationException>(() => grammar.Parse("{\"items\": [], \"items\": []}"));
        Assert.Equal("json", duplicate.Keyword);
        var missing = Assert.Throws<JsonSchemaValidationException>(() => grammar.Parse("{}"));
        Assert.Equal("required", missing.Keyword);
    }

    public enum Mood { Happy, Sad }

    public sealed record Person(string Name, int Age, string? Nickname, Mood Mood, List<string> Tags, DateOnly Born, Guid Id);

    public sealed class TreeNode
    {
        public int Value { get; set; }

        public List<TreeNode> Children { get; set; } = new();
    }

    [Fact]
    public void ConstantsOutsideTheBasicPlaneAreWrittenAsTheCharactersNotAsEscapes()
    {
        // A model writes an emoji as its own tokens; a grammar that asked for \uD83D\uDE00 would force odd output.
        var grammar = JsonSchemaGrammar.FromSchema("""{"enum":["😀 ok","tab\tend"]}""");
        var matcher = new GbnfMatcher(grammar.Definition, JsonSchemaGrammar.ValueRuleName);
        Assert.True(matcher.Matches("\"😀 ok\""));
        Assert.False(matcher.Matches("\"\\uD83D\\uDE00 ok\""));
        Assert.True(matcher.Matches("\"tab\\tend\""));
    }

    [Fact]
    public void ForTypeBuildsAGrammarAndParsesIntoTheType()
    {
        var grammar = JsonSchemaGrammar.ForType<Person>();
        var text = """{"name":"Ann","age":41,"nickname":null,"mood":"Happy","tags":["a"],"born":"1984-02-29","id":"0f8fad5b-d9cb-469f-a165-70867728950e"}""";
        Assert.True(new GbnfMatcher(grammar.Definition, JsonSchemaGrammar.ValueRuleName).Matches(text));
        var person = grammar.Parse(text);
        Assert.Equal(new DateOnly(1984, 2, 29), person.Born);
        Assert.Equal(Mood.Happy, person.Mood);
        Assert.Null(person.Nickname);
        // int has a range: the grammar must not allow a number that does not fit.
        Assert.False(new GbnfMatcher(grammar.Definition, JsonSchemaGrammar.ValueRuleName).Matches(text.Replace("41", "2147483648")));
        Assert.Throws<JsonSchemaValidationException>(() => grammar.Parse(text.Replace("\"Happy\"", "\"Angry\"")));

        var generator = new GbnfRandomGenerator(grammar.Definition, JsonSchemaGrammar.ValueRuleName);
        var random = new Random(5);
        for (var i = 0; i < 20; i++)
            Assert.NotNull(grammar.Parse(generator.Generate(random)));
    }

    [Fact]
    public void ForTypeHandlesRecursiveTypes()
    {
        var grammar = JsonSchemaGrammar.ForType<TreeNode>();
        var tree = grammar.Parse("""{"value":1,"children":[{"value":2,"children":[]}]}""");
        Assert.Equal(2, tree.Children[0].Value);
        var generator = new GbnfRandomGenerator(grammar.Definition, JsonSchemaGrammar.ValueRuleName);
        var random = new Random(9);
        for (var i = 0; i < 20; i++)
            grammar.Parse(generator.Generate(random));
    }
}
