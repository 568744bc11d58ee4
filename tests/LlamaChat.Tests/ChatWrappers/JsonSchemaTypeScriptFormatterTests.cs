using System.Text.Json.Nodes;
using LlamaChat.ChatWrappers;

namespace LlamaChat.Tests.ChatWrappers;

public class JsonSchemaTypeScriptFormatterTests
{
    [Theory]
    [InlineData("""{"type":"object","properties":{"hours":{"enum":["24","12"]},"seconds":{"type":"boolean"}}}""", """{hours: "24" | "12", seconds: boolean}""")]
    [InlineData("""{"type":"array","items":{"type":"integer"}}""", "bigint[]")]
    [InlineData("""{"type":["string","null"]}""", "string | null")]
    [InlineData("""{"oneOf":[{"type":"string"},{"const":5}]}""", "string | 5")]
    [InlineData("""{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":2}""", "[string, string]")]
    [InlineData("""{"type":"array","prefixItems":[{"type":"string"}],"items":{"type":"number"}}""", "[string, ...number[]]")]
    [InlineData("""{"type":"object","additionalProperties":true}""", "{[key: string]: any}")]
    [InlineData("""{}""", "any")]
    [InlineData("""{"$defs":{"n":{"type":"number"}},"$ref":"#/$defs/n"}""", "/* Type: n */ number")]
    public void FormatsSchemas(string schema, string expected) =>
        Assert.Equal(expected, JsonSchemaTypeScriptFormatter.Format(JsonNode.Parse(schema)));

    [Fact]
    public void DescriptionsBecomeCommentsSeparatedByBlankLines() =>
        Assert.Equal("{\n    // The fruit\n    name: string,\n\n    // minimum length: 2\n    code: string\n}",
            JsonSchemaTypeScriptFormatter.Format(JsonNode.Parse(
                """{"type":"object","properties":{"name":{"type":"string","description":"The fruit"},"code":{"type":"string","minLength":2}}}""")));

    [Fact]
    public void RecursiveReferencesStop() =>
        Assert.Equal("/* Type: node */ {next: /* node type */ any}", JsonSchemaTypeScriptFormatter.Format(JsonNode.Parse(
            """{"$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"}}}},"$ref":"#/$defs/node"}""")));
}
