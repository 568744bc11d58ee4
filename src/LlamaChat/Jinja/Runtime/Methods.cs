using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>The Python methods of str, list, tuple and dict that templates may call.</summary>
internal static class Methods
{
    private static readonly HashSet<string> StringMethods =
    [
        "capitalize", "casefold", "center", "count", "endswith", "find", "format", "format_map", "index", "isalnum",
        "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace",
        "istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace",
        "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper", "zfill", "expandtabs", "encode", "maketrans", "translate",
    ];

    private static readonly HashSet<string> ListSafe = ["copy", "count", "index"];
    private static readonly HashSet<string> ListMutating = ["append", "clear", "pop", "reverse", "insert", "sort", "extend", "remove"];
    private static readonly HashSet<string> TupleSafe = ["count", "index"];
    private static readonly HashSet<string> DictSafe = ["copy", "get", "items", "keys", "values", "fromkeys"];
    private static readonly HashSet<string> DictMutating = ["clear", "pop", "popitem", "setdefault", "update"];

    public static MethodKind Lookup(object? obj, string name)
    {
        switch (obj)
        {
            case string or Markup:
                return StringMethods.Contains(name) ? MethodKind.Safe : MethodKind.None;
            case List<object?>:
                if (ListSafe.Contains(name)) return MethodKind.Safe;
                return ListMutating.Contains(name) ? MethodKind.Mutating : MethodKind.None;
            case PyTuple:
                return TupleSafe.Contains(name) ? MethodKind.Safe : MethodKind.None;
            case PyDict:
                if (DictSafe.Contains(name)) return MethodKind.Safe;
                return DictMutating.Contains(name) ? MethodKind.Mutating : MethodKind.None;
            case double:
                return name is "is_integer" or "conjugate" or "hex" ? MethodKind.Safe : MethodKind.None;
            case long:
                return name is "bit_length" or "conjugate" ? MethodKind.Safe : MethodKind.None;
            case Cycler:
                return name is "next" or "reset" ? MethodKind.Safe : MethodKind.None;
            default:
                return MethodKind.None;
        }
    }

    public static object? Call(RenderState state, object? receiver, string name, CallArgs args)
    {
        switch (receiver)
        {
            case string s:
                return StringMethodCalls.Call(state, s, name, args);
            case Markup m:
                return StringMethodCalls.CallOnMarkup(state, m, name, args);
            case List<object?> list:
                return CallSequence(list, "list", name, args);
            case PyTuple tuple:
                return CallSequence(tuple, "tuple", name, args);
            case PyDict dict:
                return CallDict(dict, name, args);
            case double d:
                args.ExpectNone(name);
                return name switch
                {
                    "is_integer" => PyOps.Box(!double.IsInfinity(d) && d == Math.Floor(d)),
                    "conjugate" => d,
                    _ => throw JinjaRuntimeException.Type($"'float' object method '{name}' is not supported"),
                };
            case long l:
                args.ExpectNone(name);
                return name switch
                {
                    "bit_length" => PyOps.Box(l == 0 ? 0 : 64 - long.LeadingZeroCount(Math.Abs(l == long.MinValue ? long.MaxValue : l))),
                    _ => PyOps.Box(l),
                };
            case LoopContext loop:
                return loop.CallMethod(name, args);
            case Cycler cycler:
                args.ExpectNone(name);
                return cycler.CallMethod(name);
            default:
                throw JinjaRuntimeException.Type($"'{PyOps.TypeName(receiver)}' object has no method '{name}'");
        }
    }

    private static object? CallSequence(IReadOnlyList<object?> items, string type, string name, CallArgs args)
    {
        switch (name)
        {
            case "copy":
                args.ExpectNone(name);
                return new List<object?>(items);
            case "count":
                {
                    var bound = args.Bind(name, ["value"], 1);
                    long count = 0;
                    foreach (var item in items)
                    {
                        if (PyOps.PyEquals(item, bound[0])) count++;
                    }
                    return PyOps.Box(count);
                }
            case "index":
                {
                    var bound = args.Bind(name, ["value", "start", "stop"], 1);
                    int start = 0;
                    int stop = items.Count;
                    if (!CallArgs.IsMissing(bound[1]) || !CallArgs.IsMissing(bound[2]))
                    {
                        (start, stop, _) = PyOps.SliceIndices(CallArgs.Or(bound[1], null), CallArgs.Or(bound[2], null), null, items.Count);
                    }
                    for (int i = start; i < stop; i++)
                    {
                        if (PyOps.PyEquals(items[i], bound[0])) return PyOps.Box(i);
                    }
                    throw JinjaRuntimeException.Type(type == "list" ? $"{PyStr.Repr(bound[0])} is not in list" : "tuple.index(x): x not in tuple");
                }
            default:
                throw JinjaRuntimeException.Type($"'{type}' object has no method '{name}'");
        }
    }

    private static object? CallDict(PyDict dict, string name, CallArgs args)
    {
        switch (name)
        {
            case "get":
                {
                    var bound = args.Bind("get", ["key", "default"], 1);
                    return dict.TryGetValue(bound[0], out var value) ? value : CallArgs.Or(bound[1], null);
                }
            case "items":
                {
                    args.ExpectNone(name);
                    var pairs = new List<object?>(dict.Count);
                    foreach (var pair in dict.Pairs) pairs.Add(new PyTuple([pair.Key, pair.Value]));
                    return PyIterable.View("dict_items", pairs);
                }
            case "keys":
                args.ExpectNone(name);
                return PyIterable.View("dict_keys", dict.Keys.ToList());
            case "values":
                {
                    args.ExpectNone(name);
                    var values = new List<object?>(dict.Count);
                    for (int i = 0; i < dict.Count; i++) values.Add(dict.ValueAt(i));
                    return PyIterable.View("dict_values", values);
                }
            case "copy":
                args.ExpectNone(name);
                return dict.Copy();
            case "fromkeys":
                {
                    var bound = args.Bind("fromkeys", ["iterable", "value"], 1);
                    var result = new PyDict();
                    foreach (var key in PyOps.Iterate(bound[0])) result.Set(key, CallArgs.Or(bound[1], null));
                    return result;
                }
            default:
                throw JinjaRuntimeException.Type($"'dict' object has no method '{name}'");
        }
    }
}
