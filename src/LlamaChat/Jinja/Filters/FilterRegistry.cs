using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Filters;

/// <summary>All filters by name, resolved when a template is compiled.</summary>
internal static class FilterRegistry
{
    private static readonly Dictionary<string, FilterFunction> Filters = Build();

    private static Dictionary<string, FilterFunction> Build()
    {
        var filters = new Dictionary<string, FilterFunction>(StringComparer.Ordinal);
        StringFilters.Register(filters);
        SequenceFilters.Register(filters);
        ValueFilters.Register(filters);
        return filters;
    }

    public static bool TryGet(string name, out FilterFunction filter) => Filters.TryGetValue(name, out filter!);

    public static bool Contains(string name) => Filters.ContainsKey(name);

    /// <summary>Looks a filter up at render time (for <c>map('name')</c>), failing as Jinja2 does for unknown names.</summary>
    public static FilterFunction Get(string name) =>
        Filters.TryGetValue(name, out var filter) ? filter : throw new JinjaRuntimeException(TemplateErrorKind.Syntax, $"No filter named {PyStr.Repr(name)}.");

    public static IEnumerable<string> Names => Filters.Keys;
}
