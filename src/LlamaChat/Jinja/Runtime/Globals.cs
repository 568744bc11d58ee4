using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// The global functions every template sees: Jinja2's <c>range</c>, <c>dict</c>, <c>namespace</c>,
/// <c>cycler</c>, <c>joiner</c>, plus Hugging Face's <c>raise_exception</c> and <c>strftime_now</c>.
/// Template variables of the same name take precedence.
/// </summary>
internal static class Globals
{
    /// <summary>The sandbox's cap on range() length (Jinja2's MAX_RANGE).</summary>
    public const int MaxRange = 100_000;

    private static readonly Dictionary<string, object?> Functions = new(StringComparer.Ordinal)
    {
        ["range"] = new BuiltinFunction("range", Range),
        ["dict"] = new BuiltinFunction("dict", Dict),
        ["namespace"] = new BuiltinFunction("namespace", Namespace),
        ["cycler"] = new BuiltinFunction("cycler", (_, args) =>
        {
            if (args.Count == 0) throw JinjaRuntimeException.Type("at least one item has to be provided");
            return new Cycler(args.Positional);
        }),
        ["joiner"] = new BuiltinFunction("joiner", Joiner),
        ["raise_exception"] = new BuiltinFunction("raise_exception", (_, args) =>
        {
            var bound = args.Bind("raise_exception", ["message"], 1);
            throw new JinjaRuntimeException(TemplateErrorKind.RaiseException, PyStr.Str(bound[0]));
        }),
        ["strftime_now"] = new BuiltinFunction("strftime_now", (state, args) =>
        {
            var bound = args.Bind("strftime_now", ["format"], 1);
            if (PyOps.AsString(bound[0]) is not { } format) throw JinjaRuntimeException.Type($"strftime() argument 1 must be str, not {PyOps.TypeName(bound[0])}");
            return Strftime.Format(state.Now, format);
        }),
    };

    public static bool TryGet(string name, out object? value) => Functions.TryGetValue(name, out value);

    private static object? Range(RenderState state, CallArgs args)
    {
        if (args.HasNamed) throw JinjaRuntimeException.Type("range() takes no keyword arguments");
        long start = 0, stop, step = 1;
        switch (args.Count)
        {
            case 1:
                stop = PyOps.ToIndex(args.Positional[0], "range() arguments");
                break;
            case 2:
                start = PyOps.ToIndex(args.Positional[0], "range() arguments");
                stop = PyOps.ToIndex(args.Positional[1], "range() arguments");
                break;
            case 3:
                start = PyOps.ToIndex(args.Positional[0], "range() arguments");
                stop = PyOps.ToIndex(args.Positional[1], "range() arguments");
                step = PyOps.ToIndex(args.Positional[2], "range() arguments");
                break;
            default:
                throw JinjaRuntimeException.Type($"range expected at most 3 arguments, got {args.Count}");
        }
        if (step == 0) throw JinjaRuntimeException.Type("range() arg 3 must not be zero");
        double count = step > 0 ? Math.Ceiling(((double)stop - start) / step) : Math.Ceiling(((double)start - stop) / -step);
        if (count > MaxRange)
        {
            throw new JinjaRuntimeException(TemplateErrorKind.Limit, $"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).");
        }
        var items = new List<object?>(Math.Max(0, (int)count));
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) items.Add(PyOps.Box(i));
        string repr = step == 1 ? $"range({start}, {stop})" : $"range({start}, {stop}, {step})";
        return PyIterable.View("range", items, repr);
    }

    private static object? Dict(RenderState state, CallArgs args)
    {
        var result = new PyDict();
        if (args.Count > 1) throw JinjaRuntimeException.Type($"dict expected at most 1 argument, got {args.Count}");
        if (args.Count == 1)
        {
            switch (args.Positional[0])
            {
                case PyDict source:
                    foreach (var pair in source.Pairs) result.Set(pair.Key, pair.Value);
                    break;
                case var other:
                    foreach (var item in PyOps.Iterate(other))
                    {
                        var pair = PyOps.ToList(item);
                        if (pair.Count != 2) throw JinjaRuntimeException.Type($"dictionary update sequence element has length {pair.Count}; 2 is required");
                        result.Set(pair[0], pair[1]);
                    }
                    break;
            }
        }
        if (args.Named is not null)
        {
            foreach (var pair in args.Named) result.Set(pair.Key, pair.Value);
        }
        return result;
    }

    private static object? Namespace(RenderState state, CallArgs args)
    {
        var ns = new PyNamespace();
        if (args.Count > 1) throw JinjaRuntimeException.Type($"namespace expected at most 1 argument, got {args.Count}");
        if (args.Count == 1)
        {
            var initial = (PyDict)Dict(state, new CallArgs([args.Positional[0]]))!;
            foreach (var pair in initial.Pairs) ns.Attributes[PyStr.Str(pair.Key)] = pair.Value;
        }
        if (args.Named is not null)
        {
            foreach (var pair in args.Named) ns.Attributes[pair.Key] = pair.Value;
        }
        return ns;
    }

    private static object? Joiner(RenderState state, CallArgs args)
    {
        var bound = args.Bind("joiner", ["sep"]);
        object? separator = CallArgs.Or(bound[0], ", ");
        bool used = false;
        return new BuiltinFunction("joiner", (_, callArgs) =>
        {
            callArgs.ExpectNone("joiner");
            if (!used)
            {
                used = true;
                return "";
            }
            return separator;
        });
    }
}
