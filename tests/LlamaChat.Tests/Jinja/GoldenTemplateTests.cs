using System.Text.Json.Nodes;
using LlamaChat.Jinja;

namespace LlamaChat.Tests.Jinja;

/// <summary>
/// The acceptance test: every real chat template of the fixtures, on every conversation, renders byte for byte
/// as Python's Jinja2 3.1.6 did (or fails the same way).
/// </summary>
public class GoldenTemplateTests
{
    private static readonly JinjaOptions FixtureOptions = new()
    {
        Clock = () => new DateTimeOffset(2024, 7, 26, 12, 0, 0, TimeSpan.Zero),
    };

    public static IEnumerable<object[]> Cases()
    {
        var dir = FixturePaths.GoldenDirectory();
        if (dir is null)
        {
            yield return ["(fixtures absent)", ""];
            yield break;
        }
        foreach (var file in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var doc = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var name = Path.GetFileNameWithoutExtension(file);
            if (doc["compileError"] is not null)
            {
                yield return [name, "(compile)"];
                continue;
            }
            foreach (var c in doc["cases"]!.AsArray()) yield return [name, (string)c!["name"]!];
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void RendersLikeJinja2(string template, string caseName)
    {
        var dir = FixturePaths.GoldenDirectory();
        Skip.If(dir is null, "Shared fixtures (../shared/fixtures/chat-templates-golden) are not available.");
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(dir!, template + ".json")))!.AsObject();
        var source = (string)doc["source"]!;
        if (caseName == "(compile)")
        {
            Assert.Throws<TemplateException>(() => JinjaTemplate.Compile(source, FixtureOptions));
            return;
        }
        var compiled = JinjaTemplate.Compile(source, FixtureOptions);
        var testCase = doc["cases"]!.AsArray().First(c => (string)c!["name"]! == caseName)!;
        var context = testCase["context"]!.AsObject();
        if (testCase["error"] is { } error)
        {
            var ex = Assert.Throws<TemplateException>(() => compiled.Render(context));
            var kind = (string)testCase["errorKind"]!;
            var expectedKind = kind switch
            {
                "raise_exception" => TemplateErrorKind.RaiseException,
                "undefined" => TemplateErrorKind.Undefined,
                "sandbox" => TemplateErrorKind.Sandbox,
                _ => TemplateErrorKind.Type,
            };
            Assert.Equal(expectedKind, ex.Kind);
            var message = (string)error!;
            if (kind == "raise_exception") Assert.Equal(message, ex.Reason);
            else Assert.Equal(message.Substring(message.IndexOf(": ", StringComparison.Ordinal) + 2), ex.Reason);
            return;
        }
        var expected = (string)testCase["expected"]!;
        var actual = compiled.Render(context);
        Assert.Equal(expected, actual);
    }
}
