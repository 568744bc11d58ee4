using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// Attribute and item lookup with the rules of Jinja2's ImmutableSandboxedEnvironment: <c>obj.name</c> tries
/// the attribute then the item, <c>obj[key]</c> the item then the attribute, a miss gives Undefined, and
/// mutating methods or private names give an Undefined that raises a sandbox error when used.
/// </summary>
internal static class Members
{
    public static object? GetAttr(object? obj, string name)
    {
        if (obj is Undefined u) throw u.Fail();
        if (TryGetAttribute(obj, name, out var value)) return value;
        if (obj is PyDict dict && dict.TryGetValue(name, out value)) return value;
        return Undefined.ForMember(obj, name);
    }

    /// <summary>Jinja2's getitem. <paramref name="lenientSlice"/>: a failed slice gives Undefined instead of an error.</summary>
    public static object? GetItem(object? obj, object? key, bool lenientSlice = false)
    {
        // Jinja2 compiles slices to a plain Python subscript, bypassing the getitem fallbacks; only when its
        // optimizer folds a constant expression does a slice go through getitem and fail softly.
        if (key is PySlice slice)
        {
            if (!lenientSlice) return GetSlice(obj, slice);
            try
            {
                return GetSlice(obj, slice);
            }
            catch (JinjaRuntimeException e) when (e.Kind == TemplateErrorKind.Type)
            {
                return Undefined.ForMember(obj, PyStr.Str(slice));
            }
        }
        switch (obj)
        {
            case Undefined u:
                throw u.Fail();
            case PyDict dict:
                if (PyKeyComparer.IsHashable(key) && dict.TryGetValue(key, out var value)) return value;
                break;
            case List<object?> list:
                if (TryIndex(list, key, out value)) return value;
                break;
            case PyTuple tuple:
                if (TryIndex(tuple, key, out value)) return value;
                break;
            case string or Markup:
                {
                    string s = PyOps.AsString(obj)!;
                    if (PyOps.TryInt(key, out long index))
                    {
                        long length = PyString.Length(s);
                        if (index < 0) index += length;
                        if (index >= 0 && index < length) return PyString.CharAt(s, (int)index);
                    }
                    break;
                }
            case PyIterable { Items: { } items } view when view.TypeName == "range":
                if (TryIndex(items, key, out value)) return value;
                break;
        }
        if (key is string name && TryGetAttribute(obj, name, out var attribute)) return attribute;
        return Undefined.ForMember(obj, key);
    }

    private static object? GetSlice(object? obj, PySlice slice)
    {
        switch (obj)
        {
            case Undefined u:
                throw u.Fail();
            case string or Markup:
                {
                    string s = PyOps.AsString(obj)!;
                    var (a, b, c) = PyOps.SliceIndices(slice.Start, slice.Stop, slice.Step, PyString.Length(s));
                    var sliced = PyString.Slice(s, a, b, c);
                    return obj is Markup ? new Markup(sliced) : sliced;
                }
            case List<object?> or PyTuple or PyIterable { TypeName: "range" }:
                {
                    var items = obj as IReadOnlyList<object?> ?? ((PyIterable)obj).Items!;
                    var (a, b, c) = PyOps.SliceIndices(slice.Start, slice.Stop, slice.Step, items.Count);
                    var sliced = PyOps.SliceList(items, a, b, c);
                    return obj switch
                    {
                        PyTuple => new PyTuple(sliced.ToArray()),
                        PyIterable => PyIterable.View("range", sliced, RangeRepr(sliced)),
                        _ => sliced,
                    };
                }
            case PyDict:
                throw JinjaRuntimeException.Type("unhashable type: 'slice'");
            default:
                throw JinjaRuntimeException.Type($"'{PyOps.TypeName(obj)}' object is not subscriptable");
        }
    }

    private static string RangeRepr(List<object?> items)
    {
        if (items.Count == 0) return "range(0, 0)";
        long start = (long)items[0]!;
        long step = items.Count > 1 ? (long)items[1]! - start : 1;
        long stop = (long)items[^1]! + step;
        return step == 1 ? $"range({start}, {stop})" : $"range({start}, {stop}, {step})";
    }

    private static bool TryIndex(IReadOnlyList<object?> items, object? key, out object? value)
    {
        if (PyOps.TryInt(key, out long index))
        {
            if (index < 0) index += items.Count;
            if (index >= 0 && index < items.Count)
            {
                value = items[(int)index];
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>Attribute lookup only (the <c>attr</c> filter): never falls back to items.</summary>
    public static object? GetAttributeOnly(object? obj, string name)
    {
        if (obj is Undefined u) throw u.Fail();
        return TryGetAttribute(obj, name, out var value) ? value : Undefined.ForMember(obj, name);
    }

    /// <summary>Python getattr plus the sandbox check; false when the object has no such attribute.</summary>
    private static bool TryGetAttribute(object? obj, string name, out object? value)
    {
        if (name.Length > 1 && name[0] == '_' && name[1] == '_' && name.EndsWith("__", StringComparison.Ordinal))
        {
            // Dunder attributes exist on every Python object and the sandbox refuses all of them.
            value = Undefined.Unsafe(obj, name);
            return true;
        }
        switch (obj)
        {
            case PyNamespace ns:
                return ns.Attributes.TryGetValue(name, out value);
            case LoopContext loop:
                return loop.TryGetAttribute(name, out value);
            case MacroValue macro:
                return macro.TryGetAttribute(name, out value);
            case Cycler cycler when name == "current":
                value = cycler.Current;
                return true;
            case PyTuple { FieldNames: { } fields } tuple:
                int field = Array.IndexOf(fields, name);
                if (field >= 0)
                {
                    value = tuple[field];
                    return true;
                }
                break;
            case double d:
                switch (name)
                {
                    case "real": value = d; return true;
                    case "imag": value = 0.0; return true;
                }
                break;
            case long or bool:
                PyOps.TryInt(obj, out long l);
                switch (name)
                {
                    case "real" or "numerator": value = PyOps.Box(l); return true;
                    case "imag": value = PyOps.Box(0); return true;
                    case "denominator": value = PyOps.Box(1); return true;
                }
                break;
        }
        switch (Methods.Lookup(obj, name))
        {
            case MethodKind.Safe:
                value = new BoundMethod(obj, name);
                return true;
            case MethodKind.Mutating:
                value = Undefined.Unsafe(obj, name);
                return true;
            default:
                value = null;
                return false;
        }
    }
}
