using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlamaChat.Text;

namespace LlamaChat.History;

/// <summary>
/// Reads and writes chat histories in node-llama-cpp's JSON format, so a history saved by either library loads
/// in the other:
/// <c>[{"type":"system","text":…},{"type":"user","text":"…"},{"type":"model","response":["…",{"type":"functionCall",…},{"type":"segment",…}]}]</c>.
/// </summary>
public static class ChatHistoryJson
{
    /// <summary>The history as a JSON string.</summary>
    public static string Serialize(IEnumerable<ChatHistoryItem> history, bool indented = false) =>
        ToJson(history).ToJsonString(indented ? JsonText.Indented : JsonText.Compact);

    /// <summary>The history as a JSON array.</summary>
    public static JsonArray ToJson(IEnumerable<ChatHistoryItem> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var array = new JsonArray();
        foreach (var item in history)
            array.Add(ItemToJson(item));

        return array;
    }

    /// <summary>One item as JSON.</summary>
    public static JsonObject ItemToJson(ChatHistoryItem item) => item switch
    {
        ChatSystemMessage system => new JsonObject { ["type"] = "system", ["text"] = system.Text.ToJson() },
        ChatUserMessage user => new JsonObject { ["type"] = "user", ["text"] = user.Text },
        ChatModelResponse model => new JsonObject
        {
            ["type"] = "model",
            ["response"] = new JsonArray(model.Response.Select(ResponseItemToJson).ToArray()),
        },
        null => throw new ArgumentNullException(nameof(item)),
        _ => throw new ArgumentException($"Unknown chat history item type {item.GetType().Name}.", nameof(item)),
    };

    /// <summary>Parses a history from a JSON string.</summary>
    /// <exception cref="ChatHistoryFormatException">The text is not JSON or not a chat history; the message names the JSON path.</exception>
    public static IReadOnlyList<ChatHistoryItem> Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ChatHistoryFormatException("$", "the text is not valid JSON (" + e.Message + ").", e);
        }

        return FromJson(node);
    }

    /// <summary>Parses a history from a JSON array.</summary>
    /// <exception cref="ChatHistoryFormatException">The JSON is not a chat history; the message names the JSON path.</exception>
    public static IReadOnlyList<ChatHistoryItem> FromJson(JsonNode? json)
    {
        if (json is not JsonArray array)
            throw new ChatHistoryFormatException("$", $"expected an array of chat history items, found {LlamaText.DescribeJson(json)}.");

        var items = new List<ChatHistoryItem>(array.Count);
        try
        {
            for (var i = 0; i < array.Count; i++)
                items.Add(ItemFromJson(array[i], $"$[{i}]"));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // System.Text.Json checks lazily, when a parsed object or string is first read: a duplicate key throws
            // ArgumentException, a string with a lone surrogate escape ("\ud800") InvalidOperationException.
            throw new ChatHistoryFormatException("$", $"the JSON has a duplicate key or a string that is not valid UTF-16 ({e.Message}).", e);
        }

        return items;
    }

    /// <summary>Parses one history item.</summary>
    /// <param name="json">The item's JSON object.</param>
    /// <param name="jsonPath">Its path, used in error messages.</param>
    /// <exception cref="ChatHistoryFormatException">The JSON is not a chat history item.</exception>
    public static ChatHistoryItem ItemFromJson(JsonNode? json, string jsonPath = "$")
    {
        var obj = RequireObject(json, jsonPath, "a chat history item");
        var type = RequireString(obj, "type", jsonPath);
        switch (type)
        {
            case "system":
                return new ChatSystemMessage(ReadLlamaText(obj["text"], jsonPath + ".text", required: true)!);
            case "user":
                return new ChatUserMessage(RequireString(obj, "text", jsonPath));
            case "model":
                if (obj["response"] is not JsonArray response)
                    throw new ChatHistoryFormatException(jsonPath + ".response",
                        $"expected an array of response items, found {LlamaText.DescribeJson(obj["response"])}.");

                var items = new List<ChatModelResponseItem>(response.Count);
                for (var i = 0; i < response.Count; i++)
                    items.Add(ResponseItemFromJson(response[i], $"{jsonPath}.response[{i}]"));

                return new ChatModelResponse(items);
            default:
                throw new ChatHistoryFormatException(jsonPath + ".type",
                    $"unknown chat history item type \"{LlamaText.Abbreviate(type)}\"; expected \"system\", \"user\" or \"model\".");
        }
    }

    private static JsonNode ResponseItemToJson(ChatModelResponseItem item)
    {
        switch (item)
        {
            case ChatModelText text:
                return JsonValue.Create(text.Text);
            case ChatModelFunctionCall call:
            {
                var obj = new JsonObject { ["type"] = "functionCall", ["name"] = call.Name };
                if (call.Description is not null)
                    obj["description"] = call.Description;

                // node-llama-cpp omits undefined values; a function without params has no "params" key.
                if (call.Params is not null)
                    obj["params"] = call.Params.DeepClone();
                if (call.Result is not null)
                    obj["result"] = call.Result.DeepClone();
                if (call.RawCall is not null)
                    obj["rawCall"] = call.RawCall.ToJson();
                if (call.StartsNewChunk)
                    obj["startsNewChunk"] = true;

                return obj;
            }
            case ChatModelSegment segment:
            {
                var obj = new JsonObject
                {
                    ["type"] = "segment",
                    ["segmentType"] = SegmentTypeName(segment.SegmentType),
                    ["text"] = segment.Text,
                    ["ended"] = segment.Ended,
                };
                if (segment.Raw is not null)
                    obj["raw"] = segment.Raw.ToJson();
                if (segment.StartTime is { } start)
                    obj["startTime"] = FormatTime(start);
                if (segment.EndTime is { } end)
                    obj["endTime"] = FormatTime(end);

                return obj;
            }
            default:
                throw new ArgumentException($"Unknown model response item type {item?.GetType().Name ?? "null"}.", nameof(item));
        }
    }

    private static ChatModelResponseItem ResponseItemFromJson(JsonNode? json, string jsonPath)
    {
        if (json is JsonValue value && value.TryGetValue<string>(out var text))
            return new ChatModelText(text);

        if (json is not JsonObject obj)
            throw new ChatHistoryFormatException(jsonPath,
                $"expected a string or a \"functionCall\" or \"segment\" object, found {LlamaText.DescribeJson(json)}.");

        var type = RequireString(obj, "type", jsonPath);
        switch (type)
        {
            case "functionCall":
                return new ChatModelFunctionCall(
                    RequireString(obj, "name", jsonPath),
                    obj["params"]?.DeepClone(),
                    obj["result"]?.DeepClone())
                {
                    Description = OptionalString(obj, "description", jsonPath),
                    RawCall = ReadLlamaText(obj["rawCall"], jsonPath + ".rawCall", required: false),
                    StartsNewChunk = OptionalBool(obj, "startsNewChunk", jsonPath) ?? false,
                };
            case "segment":
                return new ChatModelSegment(
                    ParseSegmentType(RequireString(obj, "segmentType", jsonPath), jsonPath + ".segmentType"),
                    RequireString(obj, "text", jsonPath),
                    OptionalBool(obj, "ended", jsonPath) ?? throw new ChatHistoryFormatException(jsonPath + ".ended", "expected true or false, found nothing."))
                {
                    Raw = ReadLlamaText(obj["raw"], jsonPath + ".raw", required: false),
                    StartTime = OptionalTime(obj, "startTime", jsonPath),
                    EndTime = OptionalTime(obj, "endTime", jsonPath),
                };
            default:
                throw new ChatHistoryFormatException(jsonPath + ".type",
                    $"unknown model response item type \"{LlamaText.Abbreviate(type)}\"; expected \"functionCall\" or \"segment\" (text items are plain strings).");
        }
    }

    private static string SegmentTypeName(ChatModelSegmentType type) => type switch
    {
        ChatModelSegmentType.Thought => "thought",
        ChatModelSegmentType.Comment => "comment",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown segment type."),
    };

    private static ChatModelSegmentType ParseSegmentType(string name, string jsonPath) => name switch
    {
        "thought" => ChatModelSegmentType.Thought,
        "comment" => ChatModelSegmentType.Comment,
        _ => throw new ChatHistoryFormatException(jsonPath, $"unknown segment type \"{LlamaText.Abbreviate(name)}\"; expected \"thought\" or \"comment\"."),
    };

    // The format JavaScript's Date.toISOString() writes, which is what node-llama-cpp stores.
    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? OptionalTime(JsonObject obj, string key, string jsonPath)
    {
        var text = OptionalString(obj, key, jsonPath);
        if (text is null)
            return null;

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            throw new ChatHistoryFormatException($"{jsonPath}.{key}", $"expected an ISO 8601 date-time such as \"2025-01-31T12:00:00.000Z\", found \"{LlamaText.Abbreviate(text)}\".");

        return time;
    }

    private static LlamaText? ReadLlamaText(JsonNode? json, string jsonPath, bool required)
    {
        if (json is null && !required)
            return null;

        try
        {
            return LlamaText.FromJson(json, jsonPath);
        }
        catch (LlamaTextFormatException e)
        {
            throw new ChatHistoryFormatException(e.JsonPath, e.Reason, e);
        }
    }

    private static JsonObject RequireObject(JsonNode? json, string jsonPath, string what) =>
        json as JsonObject ?? throw new ChatHistoryFormatException(jsonPath, $"expected {what} (an object), found {LlamaText.DescribeJson(json)}.");

    private static string RequireString(JsonObject obj, string key, string jsonPath) =>
        OptionalString(obj, key, jsonPath) ?? throw new ChatHistoryFormatException($"{jsonPath}.{key}", "expected a string, found nothing.");

    private static string? OptionalString(JsonObject obj, string key, string jsonPath)
    {
        var node = obj[key];
        if (node is null)
            return null;

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
            return text;

        throw new ChatHistoryFormatException($"{jsonPath}.{key}", $"expected a string, found {LlamaText.DescribeJson(node)}.");
    }

    private static bool? OptionalBool(JsonObject obj, string key, string jsonPath)
    {
        var node = obj[key];
        if (node is null)
            return null;

        if (node is JsonValue value && value.TryGetValue<bool>(out var flag))
            return flag;

        throw new ChatHistoryFormatException($"{jsonPath}.{key}", $"expected true or false, found {LlamaText.DescribeJson(node)}.");
    }
}
