using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Filters;

/// <summary>Shared pieces of the filter implementations: soft_str, attribute getters, Python sorting.</summary>
internal static class FilterHelpers
{
    /// <summary>Jinja2's soft_str: strings and Markup stay as they are, anything else becomes str(value).</summary>
    public static object SoftStr(object? value) => value switch
    {
        string s => s,
        Markup m => m,
        _ => PyStr.Str(value),
    };

    /// <summary>Applies a string transformation, keeping Markup as Markup.</summary>
    public static object MapText(object? value, Func<string, string> transform) => SoftStr(value) switch
    {
        Markup m => new Markup(transform(m.Value)),
        var s => transform((string)s),
    };

    /// <summary>Jinja2's make_attrgetter: dotted path, digit parts as integer indices, item-then-attribute lookup.</summary>
    public static Func<object?, object?> AttrGetter(object? attribute, object? defaultValue = null, Func<object?, object?>? postprocess = null)
    {
        var parts = Parts(attribute);
        return item =>
        {
            foreach (var part in parts)
            {
                item = Members.GetItem(item, part);
                if (defaultValue is not null && item is Undefined) item = defaultValue;
            }
            return postprocess is null ? item : postprocess(item);
        };
    }

    private static object?[] Parts(object? attribute)
    {
        if (attribute is null) return [];
        if (PyOps.AsString(attribute) is { } s)
        {
            return s.Split('.').Select(p => p.Length > 0 && p.All(char.IsAsciiDigit) ? PyOps.Box(long.Parse(p, System.Globalization.CultureInfo.InvariantCulture)) : (object?)p).ToArray();
        }
        return [attribute];
    }

    /// <summary>Jinja2's ignore_case: lowercases strings so sorting and grouping ignore case.</summary>
    public static object? IgnoreCase(object? value) => value switch
    {
        string s => s.ToLowerInvariant(),
        Markup m => new Markup(m.Value.ToLowerInvariant()),
        _ => value,
    };

    /// <summary>A stable sort comparing with Python's <c>&lt;</c>, as <c>sorted()</c> does.</summary>
    public static List<object?> StableSort(List<object?> items, Func<object?, object?> key, bool reverse)
    {
        var keyed = new (object? Key, int Index, object? Item)[items.Count];
        for (int i = 0; i < items.Count; i++) keyed[i] = (key(items[i]), i, items[i]);
        try
        {
            Array.Sort(keyed, (a, b) =>
            {
                int c = PyOps.Compare(a.Key, b.Key, "<");
                if (reverse) c = -c;
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            });
        }
        catch (InvalidOperationException e) when (e.InnerException is JinjaRuntimeException inner)
        {
            throw inner;
        }
        var result = new List<object?>(items.Count);
        foreach (var entry in keyed) result.Add(entry.Item);
        return result;
    }

    public static string RequireString(string filter, object? value, string parameter)
    {
        if (PyOps.AsString(value) is { } s) return s;
        if (value is Undefined u) throw u.Fail();
        throw JinjaRuntimeException.Type($"{filter}(): {parameter} must be a string, not {PyOps.TypeName(value)}");
    }
}
