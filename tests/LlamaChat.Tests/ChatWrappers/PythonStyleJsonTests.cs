using System.Text.Json.Nodes;
using LlamaChat.ChatWrappers;

namespace LlamaChat.Tests.ChatWrappers;

public class PythonStyleJsonTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[1,2,{"c":null}],"d":{}}""", """{"a": 1, "b": [1, 2, {"c": null}], "d": {}}""")]
    [InlineData("""[]""", """[]""")]
    [InlineData("\"h\u00e9llo <b> \\\"q\\\" \\\\ \\n\\u0001\"", "\"h\u00e9llo <b> \\\"q\\\" \\\\ \\n\\u0001\"")]
    [InlineData("true", "true")]
    [InlineData("1.50", "1.50")]
    public void WritesLikePythonJsonDumpsWithoutAsciiEscaping(string json, string expected) =>
        Assert.Equal(expected, PythonStyleJson.Serialize(JsonNode.Parse(json)));

    [Fact]
    public void NullIsNull() => Assert.Equal("null", PythonStyleJson.Serialize(null));

    [Fact]
    public void ValuesCreatedInCodeAreWritten() =>
        Assert.Equal("""{"s": "x", "n": 3, "f": false}""", PythonStyleJson.Serialize(new JsonObject { ["s"] = "x", ["n"] = 3, ["f"] = false }));
}
