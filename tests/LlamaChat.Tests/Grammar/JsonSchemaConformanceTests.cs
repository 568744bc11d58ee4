using System.Text.Json;
using Json.Schema;
using LlamaChat.Grammar;
using LlamaChat.Grammar.Gbnf;

namespace LlamaChat.Tests.Grammar;

/// <summary>
/// For every schema of <see cref="JsonSchemaConformanceCases"/>: random documents drawn from the grammar (a
/// stand-in for a model sampling under it) must parse with <see cref="JsonSchemaGrammar.Parse"/> and validate
/// with JsonSchema.Net, an independent validator; the listed invalid documents must be rejected by both the
/// grammar and <c>Parse</c>.
/// </summary>
public class JsonSchemaConformanceTests
{
    private const int DocumentsPerSchema = 40;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in JsonSchemaConformanceCases.All)
            data.Add(c.Name);
        return data;
    }

    [Fact]
    public void TheTableIsLargeEnough() => Assert.True(JsonSchemaConformanceCases.All.Length >= 40);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GeneratedDocumentsAreValid(string name)
    {
        var c = JsonSchemaConformanceCases.All.Single(x => x.Name == name);
        var grammar = JsonSchemaGrammar.FromSchema(c.Schema);
        var independent = JsonSchema.FromText(c.Standard ?? c.Schema);
        var evaluation = new EvaluationOptions { RequireFormatValidation = true };
        var generator = new GbnfRandomGenerator(grammar.Definition, JsonSchemaGrammar.ValueRuleName) { MaxDepth = 24, MaxLength = 1500 };
        var matcher = new GbnfMatcher(grammar.Definition);
        var random = new Random(name.Aggregate(17, (h, ch) => unchecked(h * 31 + ch)));
        var duplicateKeys = 0;
        var distinct = new HashSet<string>();
        for (var i = 0; i < DocumentsPerSchema; i++)
        {
            var text = generator.Generate(random);
            distinct.Add(text);
            Assert.True(matcher.Matches(text + "\n\n\n\n"), $"{name}: the full grammar rejects its own document {text}");
            try
            {
                grammar.Parse(text);
            }
            catch (JsonSchemaValidationException e) when (e.Keyword == "json" && e.Message.Contains("duplicate", StringComparison.Ordinal))
            {
                // A grammar cannot forbid repeating an additional property's key; Parse reports it.
                duplicateKeys++;
                continue;
            }
            catch (JsonSchemaValidationException e)
            {
                Assert.Fail($"{name}: Parse rejected a document of the grammar: {text}\n{e.Message}");
            }
            using var doc = JsonDocument.Parse(text);
            var result = independent.Evaluate(doc.RootElement, evaluation);
            Assert.True(result.IsValid, $"{name}: JsonSchema.Net rejects a document of the grammar: {text}");
        }
        Assert.True(duplicateKeys <= DocumentsPerSchema / 4, $"{name}: {duplicateKeys} documents had duplicate keys");
        Assert.True(distinct.Count > 1 || name is "null" or "const-string" or "const-object", $"{name}: the generator produced only one document");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void InvalidDocumentsAreRejectedByGrammarAndParse(string name)
    {
        var c = JsonSchemaConformanceCases.All.Single(x => x.Name == name);
        var grammar = JsonSchemaGrammar.FromSchema(c.Schema);
        var matcher = new GbnfMatcher(grammar.Definition, JsonSchemaGrammar.ValueRuleName);
        Assert.NotEmpty(c.Invalid);
        foreach (var text in c.Invalid)
        {
            Assert.False(matcher.Matches(text), $"{name}: the grammar accepts the invalid document {text}");
            Assert.Throws<JsonSchemaValidationException>(() => grammar.Parse(text));
        }
        foreach (var text in c.Stricter ?? Array.Empty<string>())
        {
            Assert.False(matcher.Matches(text), $"{name}: the grammar accepts {text}, which it is meant to refuse");
            grammar.Parse(text);
        }
    }
}
