using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;
using static LlamaChat.Jinja.Filters.FilterHelpers;

namespace LlamaChat.Jinja.Filters;

/// <summary>The filters over sequences and mappings: join, map, select, sort, dictsort, first, batch...</summary>
internal static class SequenceFilters
{
    public static void Register(Dictionary<string, FilterFunction> f)
    {
        f["length"] = f["count"] = (_, v, a) => { a.ExpectNone("length"); return PyOps.Box(PyOps.Len(v)); };
        f["list"] = (_, v, a) => { a.ExpectNone("list"); return PyOps.ToList(v); };
        f["first"] = First;
        f["last"] = Last;
        f["join"] = Join;
        f["items"] = Items;
        f["dictsort"] = DictSort;
        f["sort"] = Sort;
        f["unique"] = Unique;
        f["min"] = (s, v, a) => MinMax(v, a, "min", wantMax: false);
        f["max"] = (s, v, a) => MinMax(v, a, "max", wantMax: true);
        f["sum"] = Sum;
        f["reverse"] = Reverse;
        f["batch"] = Batch;
        f["slice"] = Slice;
        f["map"] = Map;
        f["select"] = (s, v, a) => SelectOrReject(s, v, a, select: true, byAttribute: false);
        f["reject"] = (s, v, a) => SelectOrReject(s, v, a, select: false, byAttribute: false);
        f["selectattr"] = (s, v, a) => SelectOrReject(s, v, a, select: true, byAttribute: true);
        f["rejectattr"] = (s, v, a) => SelectOrReject(s, v, a, select: false, byAttribute: true);
        f["groupby"] = GroupBy;
        f["attr"] = Attr;
        f["random"] = RandomItem;
    }

    private static object? First(RenderState state, object? value, CallArgs args)
    {
        args.ExpectNone("first");
        foreach (var item in PyOps.Iterate(value)) return item;
        return Undefined.WithHint("No first item, sequence was empty.");
    }

    private static object? Last(RenderState state, object? value, CallArgs args)
    {
        args.ExpectNone("last");
        var items = value is IReadOnlyList<object?> list ? list : PyOps.ToList(value);
        return items.Count > 0 ? items[^1] : Undefined.WithHint("No last item, sequence was empty.");
    }

    private static object? Join(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("join", ["d", "attribute"]);
        string separator = PyStr.Str(CallArgs.Or(bound[0], ""));
        var attribute = CallArgs.Or(bound[1], null);
        var getter = attribute is null ? null : AttrGetter(attribute);
        var sb = new StringBuilder();
        bool first = true;
        foreach (var raw in PyOps.Iterate(value))
        {
            var item = getter is null ? raw : getter(raw);
            if (!first) sb.Append(separator);
            first = false;
            sb.Append(PyStr.Str(item));
            PyOps.CheckLength(sb.Length, state.MaxLength);
        }
        return sb.ToString();
    }

    private static object? Items(RenderState state, object? value, CallArgs args)
    {
        args.ExpectNone("items");
        if (value is Undefined) return PyIterable.Generator([]);
        return PyIterable.Generator(Pairs(value));

        static IEnumerable<object?> Pairs(object? value)
        {
            // A generator: like Jinja2, a non-mapping fails only once iterated.
            if (value is not PyDict dict) throw JinjaRuntimeException.Type("Can only get item pairs from a mapping.");
            foreach (var p in dict.Pairs.ToList()) yield return new PyTuple([p.Key, p.Value]);
        }
    }

    private static object? DictSort(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("dictsort", ["case_sensitive", "by", "reverse"]);
        bool caseSensitive = PyOps.IsTrue(CallArgs.Or(bound[0], false));
        string by = PyStr.Str(CallArgs.Or(bound[1], "key"));
        bool reverse = PyOps.IsTrue(CallArgs.Or(bound[2], false));
        int position = by switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw JinjaRuntimeException.Type("You can only sort by either \"key\" or \"value\""),
        };
        if (value is Undefined u) throw u.Fail();
        if (value is not PyDict dict) throw JinjaRuntimeException.Type($"'{PyOps.TypeName(value)}' object has no attribute 'items'");
        var pairs = dict.Pairs.Select(p => (object?)new PyTuple([p.Key, p.Value])).ToList();
        return StableSort(pairs, item =>
        {
            var v = ((PyTuple)item!)[position];
            return caseSensitive ? v : IgnoreCase(v);
        }, reverse);
    }

    private static object? Sort(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("sort", ["reverse", "case_sensitive", "attribute"]);
        bool reverse = PyOps.IsTrue(CallArgs.Or(bound[0], false));
        bool caseSensitive = PyOps.IsTrue(CallArgs.Or(bound[1], false));
        var key = MultiAttrGetter(CallArgs.Or(bound[2], null), caseSensitive);
        return StableSort(PyOps.ToList(value), key, reverse);
    }

    /// <summary>Jinja2's make_multi_attrgetter: "a,b" sorts by several attributes.</summary>
    private static Func<object?, object?> MultiAttrGetter(object? attribute, bool caseSensitive)
    {
        Func<object?, object?>? post = caseSensitive ? null : IgnoreCase;
        if (attribute is null) return item => post is null ? item : post(item);
        if (PyOps.AsString(attribute) is { } s && s.Contains(','))
        {
            var getters = s.Split(',').Select(part => AttrGetter(part, null, post)).ToArray();
            return item => new List<object?>(getters.Select(g => g(item)));
        }
        return AttrGetter(attribute, null, post);
    }

    private static object? Unique(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("unique", ["case_sensitive", "attribute"]);
        bool caseSensitive = PyOps.IsTrue(CallArgs.Or(bound[0], false));
        var getter = AttrGetter(CallArgs.Or(bound[1], null), null, caseSensitive ? null : IgnoreCase);
        return PyIterable.Generator(UniqueItems(value, getter));

        static IEnumerable<object?> UniqueItems(object? value, Func<object?, object?> getter)
        {
            var seen = new PyDict();
            foreach (var item in PyOps.Iterate(value))
            {
                var key = getter(item);
                if (seen.ContainsKey(key)) continue;
                seen.Set(key, null);
                yield return item;
            }
        }
    }

    private static object? MinMax(object? value, CallArgs args, string name, bool wantMax)
    {
        var bound = args.Bind(name, ["case_sensitive", "attribute"]);
        bool caseSensitive = PyOps.IsTrue(CallArgs.Or(bound[0], false));
        var getter = AttrGetter(CallArgs.Or(bound[1], null), null, caseSensitive ? null : IgnoreCase);
        bool any = false;
        object? best = null;
        object? bestKey = null;
        foreach (var item in PyOps.Iterate(value))
        {
            var key = getter(item);
            if (!any || (wantMax ? PyOps.Compare(key, bestKey, ">") > 0 : PyOps.Compare(key, bestKey, "<") < 0))
            {
                best = item;
                bestKey = key;
                any = true;
            }
        }
        return any ? best : Undefined.WithHint("No aggregated item, sequence was empty.");
    }

    private static object? Sum(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("sum", ["attribute", "start"]);
        var attribute = CallArgs.Or(bound[0], null);
        var getter = attribute is null ? null : AttrGetter(attribute);
        object? total = CallArgs.Or(bound[1], PyOps.Box(0));
        foreach (var item in PyOps.Iterate(value))
        {
            total = PyOps.Add(total, getter is null ? item : getter(item), state.MaxLength);
        }
        return total;
    }

    private static object? Reverse(RenderState state, object? value, CallArgs args)
    {
        args.ExpectNone("reverse");
        switch (value)
        {
            case string s:
                return PyString.HasSurrogates(s) ? string.Concat(PyString.Chars(s).AsEnumerable().Reverse()) : new string(s.Reverse().ToArray());
            case Markup m:
                return new string(m.Value.Reverse().ToArray());
            case List<object?> list:
                return PyIterable.Generator(Reversed(list), "list_reverseiterator");
            case PyTuple tuple:
                return PyIterable.Generator(Reversed(tuple), "reversed");
            case PyDict dict:
                return PyIterable.Generator(dict.Keys.Reverse().ToList(), "dict_reversekeyiterator");
            case Undefined:
                return PyIterable.Generator([], "reversed");
            default:
                var items = PyOps.ToList(value);
                items.Reverse();
                return items;
        }

        static IEnumerable<object?> Reversed(IReadOnlyList<object?> items)
        {
            for (int i = items.Count - 1; i >= 0; i--) yield return items[i];
        }
    }

    private static object? Batch(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("batch", ["linecount", "fill_with"], 1);
        long count = PyOps.ToIndex(bound[0], "linecount");
        bool fill = !CallArgs.IsMissing(bound[1]) && bound[1] is not null;
        return PyIterable.Generator(Batches(value, count, fill, bound[1]));

        static IEnumerable<object?> Batches(object? value, long count, bool fill, object? fillWith)
        {
            var current = new List<object?>();
            foreach (var item in PyOps.Iterate(value))
            {
                if (current.Count == count)
                {
                    yield return current;
                    current = new List<object?>();
                }
                current.Add(item);
            }
            if (current.Count > 0)
            {
                if (fill) while (current.Count < count) current.Add(fillWith);
                yield return current;
            }
        }
    }

    private static object? Slice(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("slice", ["slices", "fill_with"], 1);
        long slices = PyOps.ToIndex(bound[0], "slices");
        if (slices <= 0) throw JinjaRuntimeException.Type("slice(): slices must be positive");
        var fillWith = CallArgs.Or(bound[1], null);
        var seq = PyOps.ToList(value);
        int length = seq.Count;
        long perSlice = length / slices;
        long withExtra = length % slices;
        long offset = 0;
        var result = new List<object?>();
        for (long i = 0; i < slices; i++)
        {
            long start = offset + i * perSlice;
            if (i < withExtra) offset++;
            long end = offset + (i + 1) * perSlice;
            var piece = seq.GetRange((int)start, (int)(end - start));
            if (fillWith is not null && i >= withExtra) piece.Add(fillWith);
            result.Add(piece);
        }
        return PyIterable.Generator(result);
    }

    private static object? Map(RenderState state, object? value, CallArgs args)
    {
        Func<object?, object?> func;
        if (args.Count == 0 && args.Named is { } named && named.Any(p => p.Key == "attribute"))
        {
            object? attribute = null;
            object? defaultValue = null;
            foreach (var pair in named)
            {
                switch (pair.Key)
                {
                    case "attribute": attribute = pair.Value; break;
                    case "default": defaultValue = pair.Value; break;
                    default: throw JinjaRuntimeException.Type($"Unexpected keyword argument {PyStr.Repr(pair.Key)}");
                }
            }
            func = AttrGetter(attribute, defaultValue);
        }
        else
        {
            if (args.Count == 0) throw JinjaRuntimeException.Type("map requires a filter argument");
            string name = RequireString("map", args.Positional[0], "the filter name");
            var rest = new CallArgs(args.Positional[1..], args.Named);
            FilterFunction? filter = null;
            // Resolved on first use: like Jinja2, an unknown name fails only when the generator runs.
            func = item => (filter ??= FilterRegistry.Get(name))(state, item, rest);
        }
        return PyIterable.Generator(MapItems(value, func));

        static IEnumerable<object?> MapItems(object? value, Func<object?, object?> func)
        {
            // Jinja2 yields nothing for a falsy input (None, empty) without trying to iterate it.
            if (!PyOps.IsTrue(value)) yield break;
            foreach (var item in PyOps.Iterate(value)) yield return func(item);
        }
    }

    private static object? SelectOrReject(RenderState state, object? value, CallArgs args, bool select, bool byAttribute)
    {
        var positional = args.Positional;
        int offset = 0;
        Func<object?, object?> transform = x => x;
        if (byAttribute)
        {
            if (positional.Length == 0) throw JinjaRuntimeException.Type("Missing parameter for attribute name");
            transform = AttrGetter(positional[0]);
            offset = 1;
        }
        Func<object?, bool> test;
        if (positional.Length > offset)
        {
            string name = RequireString(select ? "select" : "reject", positional[offset], "the test name");
            var rest = new CallArgs(positional[(offset + 1)..], args.Named);
            TestFunction? testFunction = null;
            test = item => (testFunction ??= TestRegistry.Get(name))(state, item, rest);
        }
        else
        {
            test = PyOps.IsTrue;
        }
        return PyIterable.Generator(Filter(value, transform, test, select));

        static IEnumerable<object?> Filter(object? value, Func<object?, object?> transform, Func<object?, bool> test, bool select)
        {
            if (!PyOps.IsTrue(value)) yield break;
            foreach (var item in PyOps.Iterate(value))
            {
                if (test(transform(item)) == select) yield return item;
            }
        }
    }

    private static object? GroupBy(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("groupby", ["attribute", "default", "case_sensitive"], 1);
        bool caseSensitive = PyOps.IsTrue(CallArgs.Or(bound[2], false));
        var getter = AttrGetter(bound[0], CallArgs.Or(bound[1], null), caseSensitive ? null : IgnoreCase);
        var sorted = StableSort(PyOps.ToList(value), getter, false);
        var groups = new List<object?>();
        var exactGetter = AttrGetter(bound[0], CallArgs.Or(bound[1], null));
        int i = 0;
        while (i < sorted.Count)
        {
            var key = getter(sorted[i]);
            var members = new List<object?>();
            int j = i;
            while (j < sorted.Count && PyOps.PyEquals(getter(sorted[j]), key)) members.Add(sorted[j++]);
            var grouper = caseSensitive ? key : exactGetter(members[0]);
            groups.Add(new PyTuple([grouper, members], ["grouper", "list"]));
            i = j;
        }
        return groups;
    }

    private static object? Attr(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("attr", ["name"], 1);
        string name = RequireString("attr", bound[0], "name");
        return Members.GetAttributeOnly(value, name);
    }

    private static object? RandomItem(RenderState state, object? value, CallArgs args)
    {
        args.ExpectNone("random");
        var items = PyOps.ToList(value);
        return items.Count == 0 ? Undefined.WithHint("No random item, sequence was empty.") : items[Random.Shared.Next(items.Count)];
    }
}
