using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.Tests.History;

public class ChatHistoryJsonTests
{
    // Written by hand in node-llama-cpp's format (the shape getChatHistory() returns, JSON.stringify'd).
    private const string NodeHistory = """
        [{"type":"system","text":"You are a helpful assistant."},
         {"type":"system","text":[{"type":"specialTokensText","value":"<tools>"},"list",{"type":"specialToken","value":"EOT"}]},
         {"type":"user","text":"What is the second word?"},
         {"type":"model","response":[
           {"type":"segment","segmentType":"thought","text":"Need the function","ended":true,
            "raw":[{"type":"specialTokensText","value":"<think>\n"},"Need the function",{"type":"specialTokensText","value":"\n</think>"}],
            "startTime":"2025-03-01T10:00:00.000Z","endTime":"2025-03-01T10:00:01.500Z"},
           {"type":"functionCall","name":"getNthWord","description":"Get an n-th word","params":{"n":2},"result":"secret",
            "rawCall":[{"type":"specialTokensText","value":"<tool_call>"},"\n{\"name\": \"getNthWord\", \"arguments\": {\"n\": 2}}\n",{"type":"specialTokensText","value":"</tool_call>"}],
            "startsNewChunk":true},
           {"type":"functionCall","name":"getTime","result":{"hours":12}},
           {"type":"segment","segmentType":"comment","text":"open","ended":false},
           "The second word is \"secret\"."]},
         {"type":"model","response":[]}]
        """;

    [Fact]
    public void ReadsNodeLlamaCppJson()
    {
        var history = ChatHistoryJson.Deserialize(NodeHistory);

        Assert.Equal(5, history.Count);
        Assert.Equal(new ChatSystemMessage("You are a helpful assistant."), history[0]);
        Assert.Equal(new ChatSystemMessage(new LlamaText(new SpecialTokensText("<tools>"), "list", SpecialToken.Eot)), history[1]);
        Assert.Equal(new ChatUserMessage("What is the second word?"), history[2]);

        var model = Assert.IsType<ChatModelResponse>(history[3]);
        var thought = Assert.IsType<ChatModelSegment>(model.Response[0]);
        Assert.Equal(ChatModelSegmentType.Thought, thought.SegmentType);
        Assert.True(thought.Ended);
        Assert.Equal(new LlamaText(new SpecialTokensText("<think>\n"), "Need the function", new SpecialTokensText("\n</think>")), thought.Raw);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 1, 500, TimeSpan.Zero), thought.EndTime);

        var call = Assert.IsType<ChatModelFunctionCall>(model.Response[1]);
        Assert.Equal("getNthWord", call.Name);
        Assert.Equal("Get an n-th word", call.Description);
        Assert.Equal(2, call.Params!["n"]!.GetValue<int>());
        Assert.Equal("secret", call.Result!.GetValue<string>());
        Assert.True(call.StartsNewChunk);
        Assert.Equal("<tool_call>\n{\"name\": \"getNthWord\", \"arguments\": {\"n\": 2}}\n</tool_call>", call.RawCall!.ToString());

        var noParams = Assert.IsType<ChatModelFunctionCall>(model.Response[2]);
        Assert.Null(noParams.Params);
        Assert.False(noParams.StartsNewChunk);

        Assert.Equal(ChatModelSegmentType.Comment, Assert.IsType<ChatModelSegment>(model.Response[3]).SegmentType);
        Assert.Equal("The second word is \"secret\".", model.ResponseText);
        Assert.Empty(Assert.IsType<ChatModelResponse>(history[4]).Response);
    }

    [Fact]
    public void WritesTheSameJsonNodeLlamaCppWrites()
    {
        var history = ChatHistoryJson.Deserialize(NodeHistory);
        var written = ChatHistoryJson.ToJson(history);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(NodeHistory), written), written.ToJsonString());
    }

    [Fact]
    public void RoundTripsThroughStrings()
    {
        var history = ChatHistoryJson.Deserialize(NodeHistory);
        var again = ChatHistoryJson.Deserialize(ChatHistoryJson.Serialize(history, indented: true));
        Assert.Equal(history, again);
    }

    [Fact]
    public void WritesFieldsInNodeLlamaCppStyle()
    {
        var history = new ChatHistoryItem[]
        {
            new ChatUserMessage("<|im_end|> hi"),
            new ChatModelResponse(
                new ChatModelSegment(ChatModelSegmentType.Thought, "t", false) { StartTime = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 6, TimeSpan.FromHours(2)) },
                new ChatModelFunctionCall("f", null, null),
                new ChatModelText("done")),
        };

        Assert.Equal(
            """[{"type":"user","text":"<|im_end|> hi"},{"type":"model","response":[{"type":"segment","segmentType":"thought","text":"t","ended":false,"startTime":"2025-01-02T01:04:05.006Z"},{"type":"functionCall","name":"f"},"done"]}]""",
            ChatHistoryJson.Serialize(history));
    }

    [Theory]
    [InlineData("{}", "$")]
    [InlineData("""[{"type":"user","text":"a"}, 3]""", "$[1]")]
    [InlineData("""[{"type":"assistant","text":"a"}]""", "$[0].type")]
    [InlineData("""[{"text":"a"}]""", "$[0].type")]
    [InlineData("""[{"type":"user","text":5}]""", "$[0].text")]
    [InlineData("""[{"type":"system","text":[{"type":"specialToken","value":"X"}]}]""", "$[0].text[0].value")]
    [InlineData("""[{"type":"user","text":"a"},{"type":"user","text":"b"},{"type":"model","response":[{"type":"tool"}]}]""", "$[2].response[0].type")]
    [InlineData("""[{"type":"model","response":"x"}]""", "$[0].response")]
    [InlineData("""[{"type":"model","response":[{"type":"functionCall","params":{}}]}]""", "$[0].response[0].name")]
    [InlineData("""[{"type":"model","response":[{"type":"segment","segmentType":"dream","text":"","ended":true}]}]""", "$[0].response[0].segmentType")]
    [InlineData("""[{"type":"model","response":[{"type":"segment","segmentType":"thought","text":""}]}]""", "$[0].response[0].ended")]
    [InlineData("""[{"type":"model","response":[{"type":"segment","segmentType":"thought","text":"","ended":true,"startTime":"yesterday"}]}]""", "$[0].response[0].startTime")]
    [InlineData("""[{"type":"model","response":[{"type":"functionCall","name":"f","startsNewChunk":"yes"}]}]""", "$[0].response[0].startsNewChunk")]
    [InlineData("[1,", "$")]
    public void MalformedJsonThrowsWithThePath(string json, string path)
    {
        var e = Assert.Throws<ChatHistoryFormatException>(() => ChatHistoryJson.Deserialize(json));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void UnknownItemTypeMessageListsTheKnownTypes()
    {
        var e = Assert.Throws<ChatHistoryFormatException>(() => ChatHistoryJson.Deserialize("""[{"type":"tool","text":"x"}]"""));
        Assert.Contains("\"tool\"", e.Message);
        Assert.Contains("\"system\", \"user\" or \"model\"", e.Message);
    }

    [Theory]
    [InlineData("""[{"type":"user","type":"system","text":"a"}]""")]
    [InlineData("""[{"type":"user","text":"\ud800"}]""")]
    [InlineData("""[{"type":"system","text":["\udc00"]}]""")]
    public void DuplicateKeysAndLoneSurrogatesAreFormatErrors(string json)
    {
        // System.Text.Json reports both only when the value is read, as ArgumentException / InvalidOperationException.
        var e = Assert.Throws<ChatHistoryFormatException>(() => ChatHistoryJson.Deserialize(json));
        Assert.Contains("duplicate key or a string that is not valid UTF-16", e.Message);
        Assert.Throws<LlamaTextFormatException>(() => LlamaChat.Text.LlamaText.FromJsonString("""["\ud800"]"""));
        Assert.Throws<LlamaTextFormatException>(() => LlamaChat.Text.LlamaText.FromJsonString("""[{"type":"specialToken","type":"x","value":"BOS"}]"""));
    }

    [Theory]
    [InlineData("""[{"type":"BIG"}]""")]
    [InlineData("""[{"type":"model","response":[{"type":"BIG"}]}]""")]
    [InlineData("""[{"type":"model","response":[{"type":"segment","segmentType":"BIG","text":"x","ended":true}]}]""")]
    [InlineData("""[{"type":"model","response":[{"type":"segment","segmentType":"thought","text":"x","ended":true,"startTime":"BIG"}]}]""")]
    [InlineData("""[{"type":"system","text":[{"type":"BIG","value":"x"}]}]""")]
    [InlineData("""[{"type":"model","response":"BIG"}]""")]
    public void ErrorMessagesQuoteOnlyTheStartOfALongValue(string json)
    {
        // The offending value was quoted in full: a 1 MB value made a 1 MB message.
        var e = Assert.ThrowsAny<Exception>(() => ChatHistoryJson.Deserialize(json.Replace("BIG", new string('q', 1_000_000))));
        Assert.True(e is ChatHistoryFormatException or LlamaTextFormatException, e.GetType().Name);
        Assert.InRange(e.Message.Length, 1, 1000);
        Assert.Contains(new string('q', 100) + "…", e.Message);
    }
}
