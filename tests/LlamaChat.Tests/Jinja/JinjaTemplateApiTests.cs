using System.Text.Json;
using System.Text.Json.Nodes;
using LlamaChat.Jinja;

namespace LlamaChat.Tests.Jinja;

/// <summary>Compiling, caching, rendering from several threads, and the .NET values templates accept.</summary>
public class JinjaTemplateApiTests
{
    [Fact]
    public void CompileCachesBySourceAndOptions()
    {
        var source = "{{ 1 + 1 }} cache test " + Guid.NewGuid();
        var a = JinjaTemplate.Compile(source);
        var b = JinjaTemplate.Compile(source, new JinjaOptions());
        var c = JinjaTemplate.Compile(source, new JinjaOptions { TrimBlocks = false });
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.Equal(source, a.Source);
    }

    [Fact]
    public void RenderIsThreadSafe()
    {
        var template = JinjaTemplate.Compile(
            "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + m|length %}{{ loop.index }}:{{ m }};{% endfor %}{{ ns.n }}");
        var results = new string[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var messages = Enumerable.Range(0, i % 5 + 1).Select(k => new string('a', k + i)).ToList();
            results[i] = template.Render(new Dictionary<string, object?> { ["messages"] = messages });
        });
        for (int i = 0; i < results.Length; i++)
        {
            var messages = Enumerable.Range(0, i % 5 + 1).Select(k => new string('a', k + i)).ToList();
            var expected = string.Concat(messages.Select((m, k) => $"{k + 1}:{m};")) + messages.Sum(m => m.Length);
            Assert.Equal(expected, results[i]);
        }
    }

    [Fact]
    public void StrftimeNowUsesTheInjectedClock()
    {
        var options = new JinjaOptions { Clock = () => new DateTimeOffset(2024, 7, 6, 9, 5, 3, TimeSpan.FromHours(2)) };
        var text = JinjaTemplate.Compile("{{ strftime_now('%d %b %Y|%-d %B|%Y-%m-%d %H:%M:%S|%A %p %I|%j') }}", options).Render();
        Assert.Equal("06 Jul 2024|6 July|2024-07-06 09:05:03|Saturday AM 09|188", text);
    }

    [Fact]
    public void JsonObjectVariablesKeepIntegersAndFloatsApart()
    {
        var context = JsonNode.Parse("""{"i": 1, "f": 1.0, "e": 1e2, "s": "x", "b": true, "n": null, "l": [1, {"k": "v"}]}""")!.AsObject();
        var text = JinjaTemplate.Compile("{{ i }} {{ f }} {{ e }} {{ s }} {{ b }} {{ n }} {{ l }} {{ i is integer }} {{ f is float }}").Render(context);
        Assert.Equal("1 1.0 100.0 x True None [1, {'k': 'v'}] True True", text);
    }

    [Fact]
    public void DotNetValuesMapToPythonValues()
    {
        var variables = new Dictionary<string, object?>
        {
            ["int"] = 3,
            ["long"] = 4L,
            ["double"] = 2.5,
            ["float"] = 0.5f,
            ["decimal"] = 7m,
            ["bool"] = false,
            ["null"] = null,
            ["array"] = new[] { "a", "b" },
            ["dict"] = new Dictionary<string, object?> { ["z"] = 1, ["a"] = new List<int> { 1, 2 } },
            ["anon"] = new { role = "user", content = "hi" },
            ["element"] = JsonDocument.Parse("""{"x": [1, 2.5]}""").RootElement,
        };
        var text = JinjaTemplate.Compile(
            "{{ int + long }} {{ double }} {{ float }} {{ decimal }} {{ bool }} {{ null }} {{ array }} {{ dict }} {{ anon.role }}:{{ anon['content'] }} {{ element.x }}")
            .Render(variables);
        Assert.Equal("7 2.5 0.5 7 False None ['a', 'b'] {'z': 1, 'a': [1, 2]} user:hi [1, 2.5]", text);
    }

    [Fact]
    public void ToJsonMatchesPythonJsonDumps()
    {
        var context = JsonNode.Parse("""{"tool": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "Ville à «chercher»\n"}}, "required": ["city"]}, "limit": 1.5e-7, "n": 10.0}}""")!.AsObject();
        var template = JinjaTemplate.Compile("{{ tool|tojson }}\n{{ tool|tojson(indent=2) }}\n{{ tool.parameters.properties|tojson(ensure_ascii=true) }}");
        var expected =
            "{\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": \"Ville à «chercher»\\n\"}}, \"required\": [\"city\"]}, \"limit\": 1.5e-07, \"n\": 10.0}\n" +
            "{\n  \"name\": \"get_weather\",\n  \"parameters\": {\n    \"type\": \"object\",\n    \"properties\": {\n      \"city\": {\n        \"type\": \"string\",\n        \"description\": \"Ville à «chercher»\\n\"\n      }\n    },\n    \"required\": [\n      \"city\"\n    ]\n  },\n  \"limit\": 1.5e-07,\n  \"n\": 10.0\n}\n" +
            "{\"city\": {\"type\": \"string\", \"description\": \"Ville \\u00e0 \\u00abchercher\\u00bb\\n\"}}";
        Assert.Equal(expected, template.Render(context));
    }

    [Fact]
    public void OptionsControlWhitespace()
    {
        const string source = "<ul>\n  {% for x in [1, 2] %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>\n";
        Assert.Equal("<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>", JinjaTemplate.Compile(source).Render());
        var plain = new JinjaOptions { TrimBlocks = false, LstripBlocks = false, KeepTrailingNewline = true };
        Assert.Equal("<ul>\n  \n  <li>1</li>\n  \n  <li>2</li>\n  \n</ul>\n", JinjaTemplate.Compile(source, plain).Render());
    }

    [Fact]
    public void MissingVariablesAreUndefinedNotErrors()
    {
        var template = JinjaTemplate.Compile("[{{ nothing }}]{% if tools is defined %}tools{% endif %}{% for x in nothing %}x{% endfor %}");
        Assert.Equal("[]", template.Render());
        Assert.Equal("[]", template.Render((JsonObject?)null));
    }
}
