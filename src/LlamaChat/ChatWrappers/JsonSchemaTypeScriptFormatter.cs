using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Describes a JSON Schema as a TypeScript type (<c>{hours: "24" | "12", seconds: boolean}</c>), the compact form
/// chat wrappers use to document function parameters to the model.
/// </summary>
public static class JsonSchemaTypeScriptFormatter
{
    // Longer fixed-length arrays are abbreviated so a schema cannot blow up the prompt.
    private const int MaxTypeRepetition = 10;

    /// <summary>The TypeScript type for <paramref name="schema"/>; unknown or empty schemas give <c>any</c>.</summary>
    public static string Format(JsonNode? schema) => new Formatter().Format(schema, new Dictionary<string, JsonNode?>());

    private sealed class Formatter
    {
        private readonly HashSet<JsonNode> _printedDefs = new(ReferenceEqualityComparer.Instance);

        public string Format(JsonNode? schema, Dictionary<string, JsonNode?> defs)
        {
            if (schema is not JsonObject obj)
                return "any";

            defs = WithDefs(defs, obj);

            if (obj["$ref"] is JsonValue refValue && refValue.TryGetValue<string>(out var reference))
                return FormatRef(reference, defs);

            if (obj["oneOf"] is JsonArray oneOf)
                return string.Join(" | ", oneOf.Select(alternative => Format(alternative, defs)));

            if (obj.ContainsKey("const"))
                return Json(obj["const"]);

            if (obj["enum"] is JsonArray values)
                return string.Join(" | ", values.Select(Json));

            var types = GetTypes(obj);
            if (types.Contains("object") || (types.Count == 0 && obj.ContainsKey("properties")))
                return FormatObject(obj, defs);

            if (types.Contains("array") || (types.Count == 0 && (obj.ContainsKey("items") || obj.ContainsKey("prefixItems"))))
                return FormatArray(obj, defs);

            var names = new List<string>();
            foreach (var (jsonType, tsType) in new[] { ("string", "string"), ("number", "number"), ("integer", "bigint"), ("boolean", "boolean"), ("null", "null") })
                if (types.Contains(jsonType))
                    names.Add(tsType);

            return names.Count == 0 ? "any" : string.Join(" | ", names);
        }

        private string FormatRef(string reference, Dictionary<string, JsonNode?> defs)
        {
            const string prefix = "#/$defs/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal))
                return "any";

            var name = reference[prefix.Length..];
            if (!defs.TryGetValue(name, out var def) || def is null)
                return "any";

            var label = name.Replace("\n", " ").Replace("*/", "* /");
            if (!_printedDefs.Add(def))
                return $"/* {label} type */ any";

            return $"/* Type: {label} */ " + Format(def, defs);
        }

        private string FormatObject(JsonObject obj, Dictionary<string, JsonNode?> defs)
        {
            var entries = new List<string>();
            var multiline = false;
            if (obj["properties"] is JsonObject properties)
            {
                foreach (var (name, propertySchema) in properties)
                {
                    var quoted = PythonStyleJson.Quote(name);
                    var key = quoted[1..^1] == name && IsIdentifier(name) ? name : quoted;
                    var valueType = Format(propertySchema, defs);
                    var mapping = key + ": " + valueType;
                    var comments = DescribeProperty(propertySchema as JsonObject);
                    if (comments.Count > 0)
                    {
                        multiline = true;
                        entries.Add("\n// " + string.Join("\n", comments).Replace("\n", "\n// ") + "\n" + mapping);
                    }
                    else
                        entries.Add(mapping);
                }
            }

            var known = "{" + (multiline && entries.Count > 0
                ? "\n    " + string.Join(",\n", entries.Select(entry => entry.Replace("\n", "\n    "))).TrimStart() + "\n"
                : string.Join(", ", entries)) + "}";

            var additional = obj["additionalProperties"] switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.True => "{[key: string]: any}",
                JsonObject additionalSchema => "{[key: string]: " + Format(additionalSchema, defs) + "}",
                _ => null,
            };

            if (additional is null)
                return known;

            return entries.Count == 0 ? additional : known + " & " + additional;
        }

        private static List<string> DescribeProperty(JsonObject? schema)
        {
            var lines = new List<string>();
            if (schema is null)
                return lines;

            if (schema["description"] is JsonValue d && d.TryGetValue<string>(out var description) && description.Length > 0)
                lines.Add(description);

            var info = new List<string>();
            var types = GetTypes(schema);
            if (schema["format"] is JsonValue f && f.TryGetValue<string>(out var format))
                info.Add(format == "date-time" ? "format: ISO 8601 date-time" : "format: " + format);
            else if (types.Contains("string"))
            {
                if (Number(schema, "minLength") is > 0 and var minLength)
                    info.Add("minimum length: " + Int(minLength));
                if (Number(schema, "maxLength") is { } maxLength)
                    info.Add("maximum length: " + Int(Math.Max(maxLength, Math.Max(Number(schema, "minLength") ?? 0, 0))));
            }
            else if (types.Contains("array"))
            {
                if (Number(schema, "minItems") is > MaxTypeRepetition and var minItems)
                    info.Add("minimum items: " + Int(minItems));
                if (Number(schema, "maxItems") is { } maxItems)
                    info.Add("maximum items: " + Int(Math.Max(maxItems, Math.Max(Number(schema, "minItems") ?? 0, 0))));
            }
            else if (types.Contains("object"))
            {
                if (Number(schema, "minProperties") is > 0 and var minProperties)
                    info.Add("minimum number of properties: " + Int(minProperties));
                if (Number(schema, "maxProperties") is { } maxProperties)
                    info.Add("maximum number of properties: " + Int(Math.Max(maxProperties, Math.Max(Number(schema, "minProperties") ?? 0, 0))));
            }

            if (info.Count > 0)
                lines.Add(string.Join(", ", info));

            return lines;
        }

        private string FormatArray(JsonObject obj, Dictionary<string, JsonNode?> defs)
        {
            var maxItems = Number(obj, "maxItems");
            var minItems = Number(obj, "minItems");
            if (maxItems == 0)
                return "[]";

            if (obj["prefixItems"] is JsonArray prefixItems && prefixItems.Count > 0)
            {
                var valueTypes = prefixItems.Select(item => Format(item, defs)).ToList();
                var restType = obj["items"] is JsonNode items ? Format(items, defs) : "any";
                if (minItems is { } min)
                    for (var i = prefixItems.Count; i < Math.Min(prefixItems.Count + MaxTypeRepetition, min); i++)
                        valueTypes.Add(restType);

                if (maxItems is null || maxItems > valueTypes.Count)
                    valueTypes.Add("..." + Parenthesize(restType) + "[]");

                return "[" + string.Join(", ", valueTypes) + "]";
            }

            if (obj["items"] is not JsonNode itemSchema)
                return "any[]";

            var valuesType = Format(itemSchema, defs);
            if (minItems is { } count)
            {
                if (count == maxItems)
                {
                    return count < MaxTypeRepetition
                        ? "[" + string.Join(", ", Enumerable.Repeat(valuesType, (int)count)) + "]"
                        : "[" + string.Concat(Enumerable.Repeat(valuesType + ", ", MaxTypeRepetition)) + "..." + Parenthesize(valuesType) + "[]]";
                }

                if (count > 0 && count < MaxTypeRepetition)
                    return "[" + string.Concat(Enumerable.Repeat(valuesType + ", ", (int)count)) + "..." + Parenthesize(valuesType) + "[]]";
            }

            return Parenthesize(valuesType) + "[]";
        }

        private static Dictionary<string, JsonNode?> WithDefs(Dictionary<string, JsonNode?> defs, JsonObject obj)
        {
            if (obj["$defs"] is not JsonObject newDefs)
                return defs;

            var merged = new Dictionary<string, JsonNode?>(defs);
            foreach (var (name, def) in newDefs)
                merged[name] = def;

            return merged;
        }
    }

    private static HashSet<string> GetTypes(JsonObject schema) => schema["type"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var type) => [type],
        JsonArray array => array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var t) ? t : "").ToHashSet(),
        _ => [],
    };

    private static double? Number(JsonObject schema, string key) =>
        schema[key] is JsonValue v && v.TryGetValue<double>(out var number) ? number : null;

    private static string Int(double value) => Math.Floor(value).ToString(CultureInfo.InvariantCulture);

    private static string Json(JsonNode? value) => value is null ? "null" : value.ToJsonString(LlamaChat.Text.JsonText.Compact);

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    private static string Parenthesize(string text) =>
        text.IndexOfAny([' ', '|', '&', '\n', '\t']) >= 0 ? "(" + text + ")" : text;
}
