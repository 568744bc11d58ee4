using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// Converts .NET values passed to a render into template values: strings, booleans, numbers (integers stay
/// integers, floating point becomes float), null, dictionaries, sequences, System.Text.Json nodes and elements,
/// and as a convenience the public properties of plain objects (anonymous types, records).
/// </summary>
internal static class ValueConverter
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertyCache = new();

    public static object? Convert(object? value, string path, int depth = 0)
    {
        if (depth > PyStr.MaxNesting)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"the value of '{path}' is nested more than {PyStr.MaxNesting} levels deep (or contains a cycle)", 0, 0);
        }
        switch (value)
        {
            case null: return null;
            case string s: return s;
            case bool b: return PyOps.Box(b);
            case int i: return PyOps.Box(i);
            case long l: return PyOps.Box(l);
            case double d: return d;
            case float f: return (double)f;
            case short or byte or sbyte or ushort or uint: return PyOps.Box(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong ul: return ul <= long.MaxValue ? PyOps.Box((long)ul) : (double)ul;
            case decimal m: return decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue ? PyOps.Box((long)m) : (double)m;
            case char c: return c.ToString();
            case JsonNode node: return ConvertNode(node, path, depth);
            case JsonElement element: return ConvertElement(element, path, depth);
            case DateTime or DateTimeOffset or Guid or Enum or Uri or TimeSpan:
                return System.Convert.ToString(value, CultureInfo.InvariantCulture);
            // Values already in template form (e.g. produced by an earlier render) pass through.
            case PyDict or List<object?> or PyTuple or Markup: return value;
            case IDictionary<string, object?> dict:
                {
                    var result = new PyDict(dict.Count);
                    foreach (var pair in dict) result.Set(pair.Key, Convert(pair.Value, $"{path}.{pair.Key}", depth + 1));
                    return result;
                }
            case IReadOnlyDictionary<string, object?> roDict:
                {
                    var result = new PyDict(roDict.Count);
                    foreach (var pair in roDict) result.Set(pair.Key, Convert(pair.Value, $"{path}.{pair.Key}", depth + 1));
                    return result;
                }
            case IDictionary legacy:
                {
                    var result = new PyDict(legacy.Count);
                    foreach (DictionaryEntry entry in legacy)
                    {
                        var key = Convert(entry.Key, path, depth + 1);
                        result.Set(key, Convert(entry.Value, $"{path}.{entry.Key}", depth + 1));
                    }
                    return result;
                }
            case IEnumerable sequence:
                {
                    var result = new List<object?>();
                    int index = 0;
                    foreach (var item in sequence) result.Add(Convert(item, $"{path}[{index++}]", depth + 1));
                    return result;
                }
        }
        var type = value.GetType();
        if (type.IsPrimitive)
        {
            throw new TemplateException(TemplateErrorKind.Type, $"the value of '{path}' has type {type.Name}, which templates cannot use", 0, 0);
        }
        var properties = PropertyCache.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.CanRead).ToArray());
        var obj = new PyDict(properties.Length);
        foreach (var property in properties) obj.Set(property.Name, Convert(property.GetValue(value), $"{path}.{property.Name}", depth + 1));
        return obj;
    }

    private static object? ConvertNode(JsonNode node, string path, int depth)
    {
        switch (node)
        {
            case JsonObject obj:
                {
                    var result = new PyDict(obj.Count);
                    foreach (var pair in obj) result.Set(pair.Key, pair.Value is null ? null : Convert(pair.Value, $"{path}.{pair.Key}", depth + 1));
                    return result;
                }
            case JsonArray array:
                {
                    var result = new List<object?>(array.Count);
                    for (int n = 0; n < array.Count; n++) result.Add(array[n] is { } item ? Convert(item, $"{path}[{n}]", depth + 1) : null);
                    return result;
                }
            case JsonValue v:
                if (v.TryGetValue(out JsonElement element)) return ConvertElement(element, path, depth);
                if (v.TryGetValue(out string? s)) return s;
                if (v.TryGetValue(out bool b)) return PyOps.Box(b);
                if (v.TryGetValue(out long l)) return PyOps.Box(l);
                if (v.TryGetValue(out int i)) return PyOps.Box(i);
                if (v.TryGetValue(out double d)) return d;
                if (v.TryGetValue(out decimal m)) return Convert(m, path, depth);
                if (v.TryGetValue(out float f)) return (double)f;
                return ConvertElement(JsonSerializer.SerializeToElement(v), path, depth);
            default:
                return null;
        }
    }

    private static object? ConvertElement(JsonElement element, string path, int depth)
    {
        if (depth > PyStr.MaxNesting)
        {
            throw new TemplateException(TemplateErrorKind.Limit, $"the value of '{path}' is nested more than {PyStr.MaxNesting} levels deep", 0, 0);
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                {
                    var result = new PyDict();
                    foreach (var property in element.EnumerateObject()) result.Set(property.Name, ConvertElement(property.Value, $"{path}.{property.Name}", depth + 1));
                    return result;
                }
            case JsonValueKind.Array:
                {
                    var result = new List<object?>(element.GetArrayLength());
                    int i = 0;
                    foreach (var item in element.EnumerateArray()) result.Add(ConvertElement(item, $"{path}[{i++}]", depth + 1));
                    return result;
                }
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.True: return PyOps.True;
            case JsonValueKind.False: return PyOps.False;
            case JsonValueKind.Number:
                {
                    // Like Python's json module: a literal without fraction or exponent is an int.
                    string raw = element.GetRawText();
                    if (raw.IndexOfAny(['.', 'e', 'E']) < 0 && element.TryGetInt64(out long l)) return PyOps.Box(l);
                    return element.GetDouble();
                }
            default: return null;
        }
    }
}
