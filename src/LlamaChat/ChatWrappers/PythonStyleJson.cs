using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Writes JSON the way Python's <c>json.dumps</c> does by default (<c>{"a": 1, "b": [1, 2]}</c>), but without
/// escaping non-ASCII text. Many models saw function calls and results in exactly this form during training.
/// </summary>
public static class PythonStyleJson
{
    /// <summary>The JSON text of <paramref name="value"/>; null is <c>null</c>.</summary>
    public static string Serialize(JsonNode? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    /// <summary>A JSON string literal, escaped like JavaScript's <c>JSON.stringify</c>.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        WriteString(builder, text);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
            {
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in obj)
                {
                    if (!first)
                        builder.Append(", ");
                    WriteString(builder, key);
                    builder.Append(": ");
                    Write(builder, item);
                    first = false;
                }

                builder.Append('}');
                break;
            }
            case JsonArray array:
            {
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                        builder.Append(", ");
                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            }
            case JsonValue scalar:
                switch (scalar.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(builder, scalar.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        builder.Append("true");
                        break;
                    case JsonValueKind.False:
                        builder.Append("false");
                        break;
                    case JsonValueKind.Null:
                        builder.Append("null");
                        break;
                    default:
                        builder.Append(scalar.ToJsonString());
                        break;
                }

                break;
        }
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    var loneSurrogate = (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))) ||
                                        (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
                    if (c < 0x20 || loneSurrogate)
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }
}
