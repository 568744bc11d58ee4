using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// Validates a JSON value against a normalized schema with the same meaning the grammar gives it (declared
/// properties required unless <c>required</c> says otherwise, no extra properties unless allowed, ...).
/// </summary>
internal static class JsonSchemaValidator
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="value"/> satisfies <paramref name="schema"/>.</summary>
    public static bool IsValid(SchemaNode schema, JsonNode? value) => Check(schema, value, "$") is null;

    /// <summary>Throws a <see cref="JsonSchemaValidationException"/> for the first rule <paramref name="value"/> breaks.</summary>
    public static void Validate(SchemaNode schema, JsonNode? value)
    {
        var error = Check(schema, value, "$");
        if (error is not null)
            throw error;
    }

    private static JsonSchemaValidationException? Check(SchemaNode schema, JsonNode? value, string at)
    {
        if (schema.Union is { } branches)
        {
            var matching = 0;
            JsonSchemaValidationException? firstError = null;
            foreach (var branch in branches)
            {
                var error = Check(branch, value, at);
                if (error is null)
                    matching++;
                else
                    firstError ??= error;
            }
            if (matching == 0)
                return Fail(at, schema.UnionIsOneOf ? "oneOf" : "anyOf", schema.Path, value,
                    $"matches none of the {branches.Count} alternatives (first alternative: {firstError!.Message})");
            if (matching > 1 && schema.UnionIsOneOf)
                return Fail(at, "oneOf", schema.Path, value, $"matches {matching} of the oneOf alternatives, but must match exactly one");
            return null;
        }

        if (schema.Enum is { } allowed)
        {
            return allowed.Any(v => JsonNode.DeepEquals(v, value)) ? null
                : Fail(at, "enum", schema.Path, value, $"is not one of the allowed values {string.Join(", ", allowed.Select(Show))}");
        }

        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        var type = TypeOf(value, kind);
        if ((schema.Types & type) == 0)
            return Fail(at, "type", schema.Path, value, $"is {Describe(type)} but must be {DescribeTypes(schema.Types)}");

        return type switch
        {
            JsonTypes.String => CheckString(schema, value!.GetValue<string>(), value, at),
            JsonTypes.Integer or JsonTypes.Number => CheckNumber(schema, (JsonValue)value!, at),
            JsonTypes.Array => CheckArray(schema, (JsonArray)value!, at),
            JsonTypes.Object => CheckObject(schema, (JsonObject)value!, at),
            _ => null,
        };
    }

    private static JsonSchemaValidationException? CheckString(SchemaNode schema, string text, JsonNode value, string at)
    {
        var length = 0;
        foreach (var _ in text.EnumerateRunes())
            length++;
        if (length < schema.MinLength)
            return Fail(at, "minLength", schema.Path, value, $"has {length} characters, fewer than minLength {schema.MinLength}");
        if (schema.MaxLength is { } max && length > max)
            return Fail(at, "maxLength", schema.Path, value, $"has {length} characters, more than maxLength {max}");
        if (schema.Pattern is { } pattern)
        {
            var regex = Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2)));
            if (!regex.IsMatch(text))
                return Fail(at, "pattern", schema.Path, value, $"does not match the pattern {pattern}");
        }
        if (schema.Format is { } format && !JsonFormats.IsValid(format, text))
            return Fail(at, "format", schema.Path, value, $"is not a valid {format}");
        return null;
    }

    private static JsonSchemaValidationException? CheckNumber(SchemaNode schema, JsonValue value, string at)
    {
        if (schema.Minimum is null && schema.Maximum is null)
            return null;
        int Compare(decimal bound)
        {
            if (value.TryGetValue<decimal>(out var d))
                return d.CompareTo(bound);
            return value.GetValue<double>().CompareTo((double)bound);
        }
        if (schema.Minimum is { } min)
        {
            var c = Compare(min);
            if (c < 0 || (c == 0 && schema.ExclusiveMinimum))
                return Fail(at, schema.ExclusiveMinimum ? "exclusiveMinimum" : "minimum", schema.Path, value,
                    $"is below the {(schema.ExclusiveMinimum ? "exclusive " : "")}minimum {min}");
        }
        if (schema.Maximum is { } max)
        {
            var c = Compare(max);
            if (c > 0 || (c == 0 && schema.ExclusiveMaximum))
                return Fail(at, schema.ExclusiveMaximum ? "exclusiveMaximum" : "maximum", schema.Path, value,
                    $"is above the {(schema.ExclusiveMaximum ? "exclusive " : "")}maximum {max}");
        }
        return null;
    }

    private static JsonSchemaValidationException? CheckArray(SchemaNode schema, JsonArray array, string at)
    {
        if (array.Count < schema.MinItems)
            return Fail(at, "minItems", schema.Path, array, $"has {array.Count} items, fewer than minItems {schema.MinItems}");
        if (schema.MaxItems is { } max && array.Count > max)
            return Fail(at, "maxItems", schema.Path, array, $"has {array.Count} items, more than maxItems {max}");
        if (schema.ItemsForbidden && array.Count > schema.PrefixItems.Count)
            return Fail(at, "items", schema.Path, array, $"has {array.Count} items, but only the {schema.PrefixItems.Count} listed in prefixItems are allowed");
        for (var i = 0; i < array.Count; i++)
        {
            var itemSchema = i < schema.PrefixItems.Count ? schema.PrefixItems[i] : schema.Items;
            if (itemSchema is null)
                continue;
            var error = Check(itemSchema, array[i], $"{at}[{i}]");
            if (error is not null)
                return error;
        }
        return null;
    }

    private static JsonSchemaValidationException? CheckObject(SchemaNode schema, JsonObject obj, string at)
    {
        if (obj.Count < schema.MinProperties)
            return Fail(at, "minProperties", schema.Path, obj, $"has {obj.Count} properties, fewer than minProperties {schema.MinProperties}");
        if (schema.MaxProperties is { } max && obj.Count > max)
            return Fail(at, "maxProperties", schema.Path, obj, $"has {obj.Count} properties, more than maxProperties {max}");
        foreach (var property in schema.Properties)
        {
            if (obj.TryGetPropertyValue(property.Name, out var propertyValue))
            {
                var error = Check(property.Schema, propertyValue, ChildPath(at, property.Name));
                if (error is not null)
                    return error;
            }
            else if (property.Required)
            {
                return Fail(at, "required", schema.Path, obj, $"lacks the required property '{property.Name}'");
            }
        }
        foreach (var (name, propertyValue) in obj)
        {
            if (schema.Properties.Any(p => p.Name == name))
                continue;
            switch (schema.Additional)
            {
                case AdditionalPropertiesMode.None:
                    return Fail(ChildPath(at, name), "additionalProperties", schema.Path, propertyValue,
                        $"is not a declared property (allowed: {string.Join(", ", schema.Properties.Select(p => p.Name))})");
                case AdditionalPropertiesMode.Schema:
                    var error = Check(schema.AdditionalSchema!, propertyValue, ChildPath(at, name));
                    if (error is not null)
                        return error;
                    break;
            }
        }
        return null;
    }

    private static JsonTypes TypeOf(JsonNode? value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null => JsonTypes.Null,
        JsonValueKind.True or JsonValueKind.False => JsonTypes.Boolean,
        JsonValueKind.String => JsonTypes.String,
        JsonValueKind.Array => JsonTypes.Array,
        JsonValueKind.Object => JsonTypes.Object,
        JsonValueKind.Number => IsIntegral((JsonValue)value!) ? JsonTypes.Integer : JsonTypes.Number,
        _ => JsonTypes.None,
    };

    private static bool IsIntegral(JsonValue value)
    {
        if (value.TryGetValue<decimal>(out var d))
            return d == decimal.Truncate(d);
        var x = value.GetValue<double>();
        return double.IsFinite(x) && Math.Floor(x) == x;
    }

    internal static string ChildPath(string at, string name)
        => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? $"{at}.{name}"
            : $"{at}[{JsonSerializer.Serialize(name)}]";

    private static string Describe(JsonTypes type) => type switch
    {
        JsonTypes.Null => "null",
        JsonTypes.Boolean => "a boolean",
        JsonTypes.Integer => "an integer",
        JsonTypes.Number => "a non-integer number",
        JsonTypes.String => "a string",
        JsonTypes.Array => "an array",
        JsonTypes.Object => "an object",
        _ => "unknown",
    };

    private static string DescribeTypes(JsonTypes types)
    {
        var names = new List<string>();
        if (types.HasFlag(JsonTypes.Null)) names.Add("null");
        if (types.HasFlag(JsonTypes.Boolean)) names.Add("boolean");
        if (types.HasFlag(JsonTypes.Number)) names.Add("number");
        else if (types.HasFlag(JsonTypes.Integer)) names.Add("integer");
        if (types.HasFlag(JsonTypes.String)) names.Add("string");
        if (types.HasFlag(JsonTypes.Array)) names.Add("array");
        if (types.HasFlag(JsonTypes.Object)) names.Add("object");
        return string.Join(" or ", names);
    }

    private static string Show(JsonNode? value) => value?.ToJsonString() ?? "null";

    private static JsonSchemaValidationException Fail(string at, string keyword, string schemaPath, JsonNode? value, string what)
    {
        var shown = Show(value);
        if (shown.Length > 80)
            shown = shown[..77] + "...";
        return new JsonSchemaValidationException(
            string.Create(CultureInfo.InvariantCulture, $"The value at {at} ({shown}) {what} (rule '{keyword}' at {schemaPath})."),
            at, keyword, schemaPath, value?.DeepClone());
    }
}
