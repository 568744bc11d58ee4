using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// Reads a JSON schema into <see cref="SchemaNode"/>s, refusing anything it cannot turn into an exact grammar:
/// unknown or unsupported keywords, unknown references, contradictory bounds. Errors name the JSON pointer of
/// the offending schema and the keyword.
/// </summary>
internal sealed class JsonSchemaReader
{
    private const int MaxMergeDepth = 64;

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
        "$defs", "definitions", "contentMediaType", "contentEncoding",
    };

    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "type", "enum", "const", "oneOf", "anyOf", "allOf", "$ref", "properties", "required", "additionalProperties",
        "items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength",
        "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minProperties",
        "maxProperties", "nullable",
    };

    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["multipleOf"] = "a grammar cannot express divisibility; describe the step in the prompt and check it after parsing",
        ["not"] = "a grammar cannot express negation",
        ["if"] = "conditional schemas are not supported; use oneOf with one branch per case",
        ["then"] = "conditional schemas are not supported; use oneOf with one branch per case",
        ["else"] = "conditional schemas are not supported; use oneOf with one branch per case",
        ["dependentRequired"] = "use oneOf with one object schema per case",
        ["dependentSchemas"] = "use oneOf with one object schema per case",
        ["dependencies"] = "use oneOf with one object schema per case",
        ["patternProperties"] = "declare the properties, or use additionalProperties with a schema",
        ["propertyNames"] = "declare the properties, or use additionalProperties with a schema",
        ["unevaluatedProperties"] = "use additionalProperties",
        ["unevaluatedItems"] = "use items",
        ["contains"] = "use items or prefixItems",
        ["minContains"] = "use items or prefixItems",
        ["maxContains"] = "use items or prefixItems",
        ["$dynamicRef"] = "use $ref with a JSON pointer",
        ["$recursiveRef"] = "use $ref with a JSON pointer",
        ["$anchor"] = "use $ref with a JSON pointer such as #/$defs/name",
        ["$dynamicAnchor"] = "use $ref with a JSON pointer such as #/$defs/name",
        ["$recursiveAnchor"] = "use $ref with a JSON pointer such as #/$defs/name",
        ["$id"] = "only the root schema may have $id; use $ref with a JSON pointer",
        ["$vocabulary"] = "custom vocabularies are not supported",
    };

    internal static readonly HashSet<string> Formats = new(StringComparer.Ordinal)
    {
        "date", "time", "date-time", "uuid", "email", "uri", "ipv4",
    };

    private readonly JsonNode _root;
    private readonly Dictionary<string, SchemaNode> _memo = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);

    private JsonSchemaReader(JsonNode root) => _root = root;

    /// <summary>Reads <paramref name="schema"/>; the result is the root node.</summary>
    public static SchemaNode Read(JsonNode? schema)
    {
        if (schema is null)
            throw new JsonSchemaException("The schema is JSON null; pass a JSON object (or true for any JSON).", "#");
        var reader = new JsonSchemaReader(schema);
        return reader.ReadAt(schema, "#", isRoot: true);
    }

    private SchemaNode ReadAt(JsonNode? node, string path, bool isRoot = false)
    {
        if (_memo.TryGetValue(path, out var known))
            return known;
        if (node is JsonValue v && v.TryGetValue<bool>(out var b))
        {
            if (!b)
                throw new JsonSchemaException($"The schema at {path} is 'false', which no value satisfies, so the grammar could never complete.", path);
            var any = new SchemaNode(path) { Additional = AdditionalPropertiesMode.Any };
            _memo[path] = any;
            return any;
        }
        if (node is not JsonObject obj)
            throw new JsonSchemaException($"The schema at {path} must be a JSON object or a boolean, not {Describe(node)}.", path);

        if (obj.TryGetPropertyValue("$id", out _) && isRoot)
            obj = Without(obj, "$id");

        if (obj.ContainsKey("$ref"))
        {
            var target = ResolveRef(obj, path, out var targetPath);
            var siblings = Without(obj, "$ref");
            if (!HasAssertions(siblings))
            {
                if (!_resolving.Add(path))
                    throw new JsonSchemaException($"The $ref at {path} refers to itself without any schema in between.", path, "$ref");
                try
                {
                    var resolved = ReadAt(target, targetPath);
                    _memo[path] = resolved;
                    return resolved;
                }
                finally
                {
                    _resolving.Remove(path);
                }
            }
            obj = Merge(Flatten(target, targetPath, 0), Flatten(siblings, path, 0), path);
        }
        else if (obj.ContainsKey("allOf"))
        {
            obj = Flatten(obj, path, 0);
        }

        var result = new SchemaNode(path);
        _memo[path] = result;
        Fill(result, obj, path);
        return result;
    }

    private void Fill(SchemaNode node, JsonObject obj, string path)
    {
        foreach (var (key, _) in obj)
            CheckKeyword(key, path);

        if (obj["oneOf"] is not null || obj["anyOf"] is not null)
        {
            if (obj["oneOf"] is not null && obj["anyOf"] is not null)
                throw new JsonSchemaException($"The schema at {path} has both oneOf and anyOf; nest one inside the other with allOf or a $ref.", path, "anyOf");
            var keyword = obj["oneOf"] is not null ? "oneOf" : "anyOf";
            var branches = obj[keyword] as JsonArray
                ?? throw new JsonSchemaException($"{keyword} at {path} must be an array of schemas.", path, keyword);
            if (branches.Count == 0)
                throw new JsonSchemaException($"{keyword} at {path} is empty, so no value satisfies it.", path, keyword);
            var siblings = Without(obj, keyword);
            var hasSiblings = HasAssertions(siblings);
            node.UnionIsOneOf = keyword == "oneOf";
            node.Union = new List<SchemaNode>();
            for (var i = 0; i < branches.Count; i++)
            {
                var branchPath = $"{path}/{keyword}/{i}";
                if (!hasSiblings)
                {
                    node.Union.Add(ReadAt(branches[i], branchPath));
                    continue;
                }
                var merged = Merge(Flatten(siblings, path, 0), Flatten(branches[i], branchPath, 0), branchPath);
                node.Union.Add(ReadAt(merged, branchPath + "/merged"));
            }
            return;
        }

        ReadTypes(node, obj, path);

        if (obj["nullable"] is JsonNode nullable)
        {
            if (nullable.GetValueKind() != JsonValueKind.True && nullable.GetValueKind() != JsonValueKind.False)
                throw new JsonSchemaException($"nullable at {path} must be true or false.", path, "nullable");
            if (nullable.GetValue<bool>())
                node.Types |= JsonTypes.Null;
        }

        ReadStringKeywords(node, obj, path);
        ReadNumberKeywords(node, obj, path);
        ReadArrayKeywords(node, obj, path);
        ReadObjectKeywords(node, obj, path);

        if (obj.ContainsKey("const") || obj.ContainsKey("enum"))
            ReadEnum(node, obj, path);
    }

    private static void CheckKeyword(string key, string path)
    {
        if (Supported.Contains(key) || Annotations.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal))
            return;
        if (Unsupported.TryGetValue(key, out var hint))
            throw new JsonSchemaException($"The keyword '{key}' at {path} is not supported: {hint}.", path, key);
        throw new JsonSchemaException(
            $"Unknown keyword '{key}' at {path}. Check the spelling; LlamaChat refuses keywords it does not know rather than produce a looser grammar (vendor extensions may start with 'x-').",
            path, key);
    }

    private static void ReadTypes(SchemaNode node, JsonObject obj, string path)
    {
        if (obj["type"] is JsonNode typeNode)
        {
            var names = typeNode switch
            {
                JsonArray arr => arr.Select(t => t is JsonValue tv && tv.TryGetValue<string>(out var s) ? s
                    : throw new JsonSchemaException($"type at {path} must be a string or an array of strings.", path, "type")).ToList(),
                JsonValue tv when tv.TryGetValue<string>(out var s) => new List<string> { s },
                _ => throw new JsonSchemaException($"type at {path} must be a string or an array of strings.", path, "type"),
            };
            if (names.Count == 0)
                throw new JsonSchemaException($"type at {path} is an empty array, so no value satisfies it.", path, "type");
            node.Types = JsonTypes.None;
            foreach (var name in names)
            {
                node.Types |= name switch
                {
                    "null" => JsonTypes.Null,
                    "boolean" => JsonTypes.Boolean,
                    "integer" => JsonTypes.Integer,
                    "number" => JsonTypes.Integer | JsonTypes.Number,
                    "string" => JsonTypes.String,
                    "array" => JsonTypes.Array,
                    "object" => JsonTypes.Object,
                    _ => throw new JsonSchemaException(
                        $"Unknown type '{name}' at {path}; use null, boolean, integer, number, string, array or object.", path, "type"),
                };
            }
            return;
        }
        // Without "type", keywords that only constrain one type are taken to mean that type: a grammar has to
        // decide what to produce, and a string with an ignored "properties" is never what was meant.
        var inferred = JsonTypes.None;
        if (Has(obj, "properties", "additionalProperties", "required", "minProperties", "maxProperties"))
            inferred |= JsonTypes.Object;
        if (Has(obj, "items", "prefixItems", "additionalItems", "minItems", "maxItems"))
            inferred |= JsonTypes.Array;
        if (Has(obj, "minLength", "maxLength", "pattern", "format"))
            inferred |= JsonTypes.String;
        if (Has(obj, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"))
            inferred |= JsonTypes.Integer | JsonTypes.Number;
        if (inferred != JsonTypes.None)
            node.Types = inferred;
    }

    private static void ReadStringKeywords(SchemaNode node, JsonObject obj, string path)
    {
        node.MinLength = Count(obj, "minLength", path) ?? 0;
        node.MaxLength = Count(obj, "maxLength", path);
        if (node.MaxLength < node.MinLength)
            throw Contradiction(path, "minLength", $"minLength {node.MinLength} is above maxLength {node.MaxLength}");
        if (obj["pattern"] is JsonNode pattern)
        {
            node.Pattern = pattern is JsonValue pv && pv.TryGetValue<string>(out var p) ? p
                : throw new JsonSchemaException($"pattern at {path} must be a string.", path, "pattern");
        }
        if (obj["format"] is JsonNode format)
        {
            var f = format is JsonValue fv && fv.TryGetValue<string>(out var fs) ? fs
                : throw new JsonSchemaException($"format at {path} must be a string.", path, "format");
            if (!Formats.Contains(f))
                throw new JsonSchemaException(
                    $"The format '{f}' at {path} is not supported; supported formats: {string.Join(", ", Formats)}. Use a pattern instead.", path, "format");
            node.Format = f;
        }
        if (!node.Types.HasFlag(JsonTypes.String))
            return;
        if (node.Pattern is not null && (node.Format is not null || node.MinLength > 0 || node.MaxLength is not null))
            throw new JsonSchemaException(
                $"The schema at {path} combines pattern with format or minLength/maxLength, which LlamaChat cannot intersect; put the length into the pattern (e.g. ^.{{2,5}}$).",
                path, "pattern");
        if (node.Format is not null && (node.MinLength > 0 || node.MaxLength is not null))
        {
            // Formats produce strings of known lengths; only reject the combination when it changes something.
            var (lo, hi) = FormatLengths(node.Format);
            if (node.MinLength > lo || (node.MaxLength is { } max && max < hi))
                throw new JsonSchemaException(
                    $"The schema at {path} combines format '{node.Format}' with minLength/maxLength that cut into the format; drop the length limits or use a pattern.",
                    path, "format");
        }
    }

    private static (int Min, int Max) FormatLengths(string format) => format switch
    {
        "date" => (10, 10),
        "uuid" => (36, 36),
        "ipv4" => (7, 15),
        _ => (1, int.MaxValue),
    };

    private static void ReadNumberKeywords(SchemaNode node, JsonObject obj, string path)
    {
        node.Minimum = Number(obj, "minimum", path);
        node.Maximum = Number(obj, "maximum", path);
        if (obj["exclusiveMinimum"] is JsonNode exMin)
        {
            if (exMin.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                throw new JsonSchemaException($"exclusiveMinimum at {path} is a boolean (draft 4 style); write the bound itself: \"exclusiveMinimum\": 5.", path, "exclusiveMinimum");
            var value = Number(obj, "exclusiveMinimum", path)!.Value;
            if (node.Minimum is null || value >= node.Minimum)
            {
                node.Minimum = value;
                node.ExclusiveMinimum = true;
            }
        }
        if (obj["exclusiveMaximum"] is JsonNode exMax)
        {
            if (exMax.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                throw new JsonSchemaException($"exclusiveMaximum at {path} is a boolean (draft 4 style); write the bound itself: \"exclusiveMaximum\": 5.", path, "exclusiveMaximum");
            var value = Number(obj, "exclusiveMaximum", path)!.Value;
            if (node.Maximum is null || value <= node.Maximum)
            {
                node.Maximum = value;
                node.ExclusiveMaximum = true;
            }
        }
        if (node.Minimum is { } lo && node.Maximum is { } hi
            && (lo > hi || (lo == hi && (node.ExclusiveMinimum || node.ExclusiveMaximum))))
            throw Contradiction(path, "minimum", $"no number lies between the lower bound {lo} and the upper bound {hi}");
        if (!node.Types.HasFlag(JsonTypes.Number) && node.Types.HasFlag(JsonTypes.Integer) && node.Minimum is { } min && node.Maximum is { } max2)
        {
            var first = node.ExclusiveMinimum ? Math.Floor(min) + 1 : Math.Ceiling(min);
            var last = node.ExclusiveMaximum ? Math.Ceiling(max2) - 1 : Math.Floor(max2);
            if (first > last)
                throw Contradiction(path, "minimum", $"no integer lies between {min} and {max2}");
        }
    }

    private void ReadArrayKeywords(SchemaNode node, JsonObject obj, string path)
    {
        if (obj["uniqueItems"] is JsonNode unique && unique.GetValueKind() == JsonValueKind.True && node.Types.HasFlag(JsonTypes.Array))
            throw new JsonSchemaException($"uniqueItems: true at {path} is not supported: a grammar cannot prevent repeated items.", path, "uniqueItems");
        node.MinItems = Count(obj, "minItems", path) ?? 0;
        node.MaxItems = Count(obj, "maxItems", path);
        if (node.MaxItems < node.MinItems)
            throw Contradiction(path, "minItems", $"minItems {node.MinItems} is above maxItems {node.MaxItems}");

        JsonArray? prefix = null;
        JsonNode? rest = null;
        var restKeyword = "items";
        if (obj["prefixItems"] is JsonNode p)
        {
            prefix = p as JsonArray ?? throw new JsonSchemaException($"prefixItems at {path} must be an array of schemas.", path, "prefixItems");
            rest = obj["items"];
        }
        else if (obj["items"] is JsonArray tuple)
        {
            // Draft 7 tuples: "items" as an array, "additionalItems" for the rest.
            prefix = tuple;
            rest = obj["additionalItems"];
            restKeyword = "additionalItems";
        }
        else
        {
            rest = obj["items"];
        }
        if (prefix is not null)
        {
            for (var i = 0; i < prefix.Count; i++)
                node.PrefixItems.Add(ReadAt(prefix[i], $"{path}/{(restKeyword == "items" ? "prefixItems" : "items")}/{i}"));
            // With a tuple and no schema for the rest, no further items (stricter than JSON Schema, like
            // additionalProperties' default).
            node.ItemsForbidden = rest is null;
        }
        if (rest is JsonValue rv && rv.TryGetValue<bool>(out var restAllowed))
        {
            node.ItemsForbidden = !restAllowed;
            node.Items = null;
        }
        else if (rest is not null)
        {
            node.Items = ReadAt(rest, $"{path}/{restKeyword}");
        }

        if (!node.Types.HasFlag(JsonTypes.Array))
            return;
        var max = node.MaxItems ?? int.MaxValue;
        if (node.ItemsForbidden)
            max = Math.Min(max, node.PrefixItems.Count);
        if (node.MinItems > max)
            throw Contradiction(path, "minItems", $"minItems {node.MinItems} asks for more items than the {max} the tuple allows");
    }

    private void ReadObjectKeywords(SchemaNode node, JsonObject obj, string path)
    {
        var declared = new List<(string Name, JsonNode? Schema)>();
        if (obj["properties"] is JsonNode props)
        {
            var po = props as JsonObject ?? throw new JsonSchemaException($"properties at {path} must be an object.", path, "properties");
            foreach (var (name, schema) in po)
                declared.Add((name, schema));
        }
        HashSet<string>? required = null;
        if (obj["required"] is JsonNode req)
        {
            var arr = req as JsonArray ?? throw new JsonSchemaException($"required at {path} must be an array of property names.", path, "required");
            required = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in arr)
            {
                if (item is not JsonValue iv || !iv.TryGetValue<string>(out var name))
                    throw new JsonSchemaException($"required at {path} must contain only strings.", path, "required");
                required.Add(name);
            }
        }
        foreach (var (name, schema) in declared)
        {
            // Without "required", every declared property is required (node-llama-cpp's rule, and what a
            // model should do); with it, the others may be left out.
            var isRequired = required is null || required.Contains(name);
            node.Properties.Add(new SchemaProperty(name, ReadAt(schema, $"{path}/properties/{Escape(name)}"), isRequired));
        }

        var additional = obj["additionalProperties"];
        if (additional is null)
        {
            // Like node-llama-cpp, declared properties close the object; an object schema without any
            // declared properties stays open.
            node.Additional = declared.Count == 0 ? AdditionalPropertiesMode.Any : AdditionalPropertiesMode.None;
        }
        else if (additional is JsonValue av && av.TryGetValue<bool>(out var allowed))
        {
            node.Additional = allowed ? AdditionalPropertiesMode.Any : AdditionalPropertiesMode.None;
        }
        else
        {
            var schema = ReadAt(additional, $"{path}/additionalProperties");
            node.Additional = schema.IsAny ? AdditionalPropertiesMode.Any : AdditionalPropertiesMode.Schema;
            node.AdditionalSchema = node.Additional == AdditionalPropertiesMode.Schema ? schema : null;
        }

        node.MinProperties = Count(obj, "minProperties", path) ?? 0;
        node.MaxProperties = Count(obj, "maxProperties", path);
        if (node.MaxProperties < node.MinProperties)
            throw Contradiction(path, "minProperties", $"minProperties {node.MinProperties} is above maxProperties {node.MaxProperties}");

        if (!node.Types.HasFlag(JsonTypes.Object))
            return;
        if (required is not null)
        {
            foreach (var name in required)
            {
                if (!declared.Any(d => d.Name == name))
                    throw new JsonSchemaException(
                        $"The required property '{name}' at {path} is not declared in properties; declare it so the grammar knows its schema.", path, "required");
            }
        }
        var requiredCount = node.Properties.Count(p => p.Required);
        var declaredCount = node.Properties.Count;
        var extrasAllowed = node.Additional != AdditionalPropertiesMode.None;
        var maxPossible = extrasAllowed ? int.MaxValue : declaredCount;
        if (node.MinProperties > maxPossible)
            throw Contradiction(path, "minProperties", $"minProperties {node.MinProperties} needs more properties than the {declaredCount} declared ones and additionalProperties is false");
        if (node.MaxProperties < requiredCount)
            throw Contradiction(path, "maxProperties", $"maxProperties {node.MaxProperties} is below the {requiredCount} required properties");
        var countMatters = node.MinProperties > requiredCount || (node.MaxProperties is { } maxP && maxP < maxPossible);
        if (countMatters && requiredCount != declaredCount)
            throw new JsonSchemaException(
                $"The schema at {path} combines minProperties/maxProperties with optional properties, which LlamaChat cannot count in a grammar; make the properties required or drop the limits.",
                path, node.MinProperties > requiredCount ? "minProperties" : "maxProperties");
    }

    private void ReadEnum(SchemaNode node, JsonObject obj, string path)
    {
        List<JsonNode?> values;
        var keyword = obj.ContainsKey("const") ? "const" : "enum";
        if (obj.ContainsKey("const"))
        {
            values = new List<JsonNode?> { obj["const"]?.DeepClone() };
            if (obj["enum"] is JsonArray alsoEnum && !alsoEnum.Any(e => JsonNode.DeepEquals(e, values[0])))
                throw Contradiction(path, "const", "the const value is not one of the enum values");
        }
        else
        {
            var arr = obj["enum"] as JsonArray ?? throw new JsonSchemaException($"enum at {path} must be an array.", path, "enum");
            if (arr.Count == 0)
                throw new JsonSchemaException($"enum at {path} is empty, so no value satisfies it.", path, "enum");
            values = arr.Select(e => e?.DeepClone()).ToList();
        }
        // The other keywords still apply: keep only the values they accept.
        var kept = values.Where(v => JsonSchemaValidator.IsValid(node, v)).ToList();
        if (kept.Count == 0)
            throw Contradiction(path, keyword, $"none of the {keyword} values satisfies the other keywords (type, bounds, ...)");
        node.Enum = kept;
    }

    private JsonObject Flatten(JsonNode? node, string path, int depth)
    {
        if (depth > MaxMergeDepth)
            throw new JsonSchemaException($"allOf/$ref at {path} nest more than {MaxMergeDepth} levels or refer back to themselves.", path, "allOf");
        if (node is JsonValue v && v.TryGetValue<bool>(out var b))
        {
            if (!b)
                throw new JsonSchemaException($"The schema at {path} is 'false', which no value satisfies.", path);
            return new JsonObject();
        }
        if (node is not JsonObject obj)
            throw new JsonSchemaException($"The schema at {path} must be a JSON object or a boolean, not {Describe(node)}.", path);
        var result = obj;
        if (obj.ContainsKey("$ref"))
        {
            var target = ResolveRef(obj, path, out var targetPath);
            result = Merge(Flatten(target, targetPath, depth + 1), Without(obj, "$ref"), path);
        }
        if (result["allOf"] is JsonNode allOf)
        {
            var branches = allOf as JsonArray ?? throw new JsonSchemaException($"allOf at {path} must be an array of schemas.", path, "allOf");
            var merged = Without(result, "allOf");
            for (var i = 0; i < branches.Count; i++)
            {
                var branch = Flatten(branches[i], $"{path}/allOf/{i}", depth + 1);
                if (branch.ContainsKey("additionalProperties"))
                    throw new JsonSchemaException(
                        $"additionalProperties inside allOf at {path}/allOf/{i} is not supported (its meaning depends on which branch declares a property); put it next to allOf.",
                        $"{path}/allOf/{i}", "additionalProperties");
                merged = Merge(merged, branch, path);
            }
            result = merged;
        }
        return result;
    }

    // Combines two schemas into one that accepts what both accept. Keywords are merged one by one; what
    // cannot be merged exactly is refused.
    private static JsonObject Merge(JsonObject a, JsonObject b, string path)
    {
        a = ExplicitRequired(a);
        b = ExplicitRequired(b);
        var result = (JsonObject)a.DeepClone();
        foreach (var (key, bValue) in b)
        {
            if (!result.TryGetPropertyValue(key, out var aValue))
            {
                result[key] = bValue?.DeepClone();
                continue;
            }
            if (JsonNode.DeepEquals(aValue, bValue) || Annotations.Contains(key))
                continue;
            result[key] = key switch
            {
                "type" => MergeTypes(aValue, bValue, path),
                "properties" => MergeProperties((JsonObject)aValue!, (JsonObject)bValue!),
                "required" => new JsonArray(((JsonArray)aValue!).Concat((JsonArray)bValue!)
                    .Select(n => n!.GetValue<string>()).Distinct().Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                "minLength" or "minItems" or "minProperties" or "minimum" or "exclusiveMinimum" =>
                    JsonValue.Create(Math.Max(aValue!.GetValue<decimal>(), bValue!.GetValue<decimal>())),
                "maxLength" or "maxItems" or "maxProperties" or "maximum" or "exclusiveMaximum" =>
                    JsonValue.Create(Math.Min(aValue!.GetValue<decimal>(), bValue!.GetValue<decimal>())),
                "enum" => new JsonArray(((JsonArray)aValue!).Where(x => ((JsonArray)bValue!).Any(y => JsonNode.DeepEquals(x, y)))
                    .Select(x => x?.DeepClone()).ToArray()),
                "items" or "additionalProperties" or "additionalItems" => MergeSchemas(aValue, bValue),
                _ => throw new JsonSchemaException(
                    $"allOf at {path}: the branches disagree on '{key}' and LlamaChat cannot merge them; keep '{key}' in one branch only.", path, key),
            };
        }
        return result;
    }

    private static JsonObject ExplicitRequired(JsonObject schema)
    {
        if (schema["properties"] is not JsonObject props || schema.ContainsKey("required"))
            return schema;
        var copy = (JsonObject)schema.DeepClone();
        copy["required"] = new JsonArray(props.Select(p => (JsonNode?)JsonValue.Create(p.Key)).ToArray());
        return copy;
    }

    private static JsonNode MergeTypes(JsonNode? a, JsonNode? b, string path)
    {
        static HashSet<string> Names(JsonNode? n) => n is JsonArray arr
            ? arr.Select(x => x!.GetValue<string>()).ToHashSet()
            : new HashSet<string> { n!.GetValue<string>() };
        var x = Names(a);
        var y = Names(b);
        var result = new List<string>();
        foreach (var t in x)
        {
            if (y.Contains(t))
                result.Add(t);
            else if ((t == "integer" && y.Contains("number")) || (t == "number" && y.Contains("integer")))
                result.Add("integer");
        }
        if (result.Count == 0)
            throw new JsonSchemaException($"allOf at {path}: the branches allow no common type, so no value satisfies them.", path, "type");
        return new JsonArray(result.Distinct().Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
    }

    private static JsonObject MergeProperties(JsonObject a, JsonObject b)
    {
        var result = (JsonObject)a.DeepClone();
        foreach (var (name, schema) in b)
        {
            result[name] = result.TryGetPropertyValue(name, out var existing)
                ? MergeSchemas(existing, schema)
                : schema?.DeepClone();
        }
        return result;
    }

    private static JsonNode? MergeSchemas(JsonNode? a, JsonNode? b)
    {
        if (JsonNode.DeepEquals(a, b))
            return a?.DeepClone();
        if (a is JsonValue av && av.TryGetValue<bool>(out var ab))
            return ab ? b?.DeepClone() : JsonValue.Create(false);
        if (b is JsonValue bv && bv.TryGetValue<bool>(out var bb))
            return bb ? a?.DeepClone() : JsonValue.Create(false);
        return new JsonObject { ["allOf"] = new JsonArray(a?.DeepClone(), b?.DeepClone()) };
    }

    private JsonNode? ResolveRef(JsonObject obj, string path, out string targetPath)
    {
        var reference = obj["$ref"] is JsonValue rv && rv.TryGetValue<string>(out var r) ? r
            : throw new JsonSchemaException($"$ref at {path} must be a string.", path, "$ref");
        if (!reference.StartsWith('#'))
            throw new JsonSchemaException(
                $"$ref '{reference}' at {path} points outside this schema; only local references such as #/$defs/name are supported.", path, "$ref");
        var pointer = Uri.UnescapeDataString(reference[1..]);
        if (pointer.Length > 0 && pointer[0] != '/')
            throw new JsonSchemaException(
                $"$ref '{reference}' at {path} uses an anchor name; only JSON pointers such as #/$defs/name are supported.", path, "$ref");
        JsonNode? current = _root;
        var segments = pointer.Length == 0 ? Array.Empty<string>() : pointer[1..].Split('/');
        foreach (var raw in segments)
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(segment, out var next) => next,
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new JsonSchemaException($"$ref '{reference}' at {path} points to nothing in the schema.", path, "$ref"),
            };
        }
        targetPath = "#" + string.Concat(segments.Select(s => "/" + s));
        return current;
    }

    private static bool HasAssertions(JsonObject obj) => obj.Any(p => !Annotations.Contains(p.Key) && !p.Key.StartsWith("x-", StringComparison.Ordinal));

    private static bool Has(JsonObject obj, params string[] keys) => keys.Any(obj.ContainsKey);

    private static JsonObject Without(JsonObject obj, string key)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in obj)
        {
            if (k != key)
                copy[k] = v?.DeepClone();
        }
        return copy;
    }

    private static int? Count(JsonObject obj, string key, string path)
    {
        if (obj[key] is not JsonNode n)
            return null;
        if (n is JsonValue v && v.TryGetValue<decimal>(out var d) && d >= 0 && d == Math.Floor(d))
            return d > int.MaxValue ? int.MaxValue : (int)d;
        throw new JsonSchemaException($"{key} at {path} must be a non-negative integer, not {n.ToJsonString()}.", path, key);
    }

    private static decimal? Number(JsonObject obj, string key, string path)
    {
        if (obj[key] is not JsonNode n)
            return null;
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<decimal>(out var d))
                return d;
            throw new JsonSchemaException($"{key} at {path} is too large ({n.ToJsonString()}); bounds must fit a decimal.", path, key);
        }
        throw new JsonSchemaException($"{key} at {path} must be a number, not {n.ToJsonString()}.", path, key);
    }

    private static JsonSchemaException Contradiction(string path, string keyword, string what)
        => new($"The schema at {path} is contradictory: {what}, so no value satisfies it.", path, keyword);

    internal static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Describe(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant() + " " + node.ToJsonString();
}
