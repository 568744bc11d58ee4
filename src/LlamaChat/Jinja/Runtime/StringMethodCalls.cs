using System.Text;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>The Python <c>str</c> methods, on plain strings and on Markup.</summary>
internal static class StringMethodCalls
{
    private static readonly HashSet<string> MarkupWrapped =
    [
        "capitalize", "title", "lower", "upper", "replace", "ljust", "rjust", "lstrip", "rstrip", "center", "strip",
        "swapcase", "zfill", "expandtabs", "format", "format_map", "join", "removeprefix", "removesuffix", "casefold",
    ];

    private static readonly HashSet<string> MarkupListResults = ["split", "rsplit", "splitlines", "partition", "rpartition"];

    public static object? CallOnMarkup(RenderState state, Markup markup, string name, CallArgs args)
    {
        // markupsafe escapes only the arguments that end up inside the result.
        args = name switch
        {
            "replace" => EscapeAt(args, 1),
            "ljust" or "rjust" or "center" => EscapeAt(args, 1),
            "join" => new CallArgs(args.Positional.Length == 1 ? [PyOps.ToList(args.Positional[0]).Select(EscapeValue).ToList()] : args.Positional, args.Named),
            "format" or "format_map" => new CallArgs(args.Positional.Select(EscapeValue).ToArray(),
                args.Named?.Select(p => new KeyValuePair<string, object?>(p.Key, EscapeValue(p.Value))).ToArray()),
            _ => args,
        };
        var result = Call(state, markup.Value, name, args);
        if (MarkupWrapped.Contains(name) && result is string s) return new Markup(s);
        if (MarkupListResults.Contains(name))
        {
            if (result is List<object?> list) return list.Select(x => x is string t ? (object?)new Markup(t) : x).ToList();
            if (result is PyTuple tuple) return new PyTuple(tuple.Items.Select(x => x is string t ? (object?)new Markup(t) : x).ToArray());
        }
        return result;
    }

    private static object? EscapeValue(object? v) => v is string s ? new Markup(Markup.EscapeText(s)) : v;

    private static CallArgs EscapeAt(CallArgs args, int index)
    {
        if (args.Positional.Length <= index) return args;
        var positional = (object?[])args.Positional.Clone();
        positional[index] = EscapeValue(positional[index]);
        return new CallArgs(positional, args.Named);
    }

    public static object? Call(RenderState state, string s, string name, CallArgs args)
    {
        switch (name)
        {
            case "upper": args.ExpectNone(name); return PyString.Upper(s);
            case "lower" or "casefold": args.ExpectNone(name); return PyString.Lower(s);
            case "title": args.ExpectNone(name); return PyString.Title(s);
            case "capitalize": args.ExpectNone(name); return PyString.Capitalize(s);
            case "swapcase":
                args.ExpectNone(name);
                return string.Concat(s.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
            case "strip" or "lstrip" or "rstrip":
                {
                    var bound = args.Bind(name, ["chars"]);
                    string? chars = OptionalString(name, CallArgs.Or(bound[0], null));
                    return PyString.Strip(s, chars, name != "rstrip", name != "lstrip");
                }
            case "split" or "rsplit":
                {
                    var bound = args.Bind(name, ["sep", "maxsplit"]);
                    string? sep = OptionalString(name, CallArgs.Or(bound[0], null));
                    long max = CallArgs.IsMissing(bound[1]) ? -1 : PyOps.ToIndex(bound[1], "maxsplit");
                    return name == "split" ? PyString.Split(s, sep, max) : PyString.RSplit(s, sep, max);
                }
            case "splitlines":
                {
                    var bound = args.Bind(name, ["keepends"]);
                    return PyString.SplitLines(s, PyOps.IsTrue(CallArgs.Or(bound[0], false))).Cast<object?>().ToList();
                }
            case "startswith" or "endswith":
                {
                    var bound = args.Bind(name, ["prefix", "start", "end"], 1);
                    string target = SliceFor(s, bound[1], bound[2]);
                    var candidates = bound[0] is PyTuple t ? t.Items : [bound[0]];
                    foreach (var candidate in candidates)
                    {
                        string text = RequireString(name, candidate, bound[0] is PyTuple ? "a tuple of str" : "str");
                        if (name == "startswith" ? target.StartsWith(text, StringComparison.Ordinal) : target.EndsWith(text, StringComparison.Ordinal)) return PyOps.True;
                    }
                    return PyOps.False;
                }
            case "find" or "rfind" or "index" or "rindex":
                {
                    var bound = args.Bind(name, ["sub", "start", "end"], 1);
                    string sub = RequireString(name, bound[0]);
                    var (start, end, _) = PyOps.SliceIndices(CallArgs.Or(bound[1], null), CallArgs.Or(bound[2], null), null, PyString.Length(s));
                    int found = end < start ? -1 : PyString.Find(s, sub, start, end, name.StartsWith('r'));
                    if (found < 0 && name.EndsWith("index", StringComparison.Ordinal)) throw JinjaRuntimeException.Type("substring not found");
                    return PyOps.Box(found);
                }
            case "count":
                {
                    var bound = args.Bind(name, ["sub", "start", "end"], 1);
                    return PyOps.Box(PyString.Count(SliceFor(s, bound[1], bound[2]), RequireString(name, bound[0])));
                }
            case "replace":
                {
                    var bound = args.Bind(name, ["old", "new", "count"], 2);
                    long count = CallArgs.IsMissing(bound[2]) ? -1 : PyOps.ToIndex(bound[2], "count");
                    var result = PyString.Replace(s, RequireString(name, bound[0]), RequireString(name, bound[1]), count);
                    PyOps.CheckLength(result.Length, state.MaxLength);
                    return result;
                }
            case "join":
                {
                    var bound = args.Bind(name, ["iterable"], 1);
                    var sb = new StringBuilder();
                    int i = 0;
                    foreach (var item in PyOps.Iterate(bound[0]))
                    {
                        if (PyOps.AsString(item) is not { } text) throw JinjaRuntimeException.Type($"sequence item {i}: expected str instance, {PyOps.TypeName(item)} found");
                        if (i++ > 0) sb.Append(s);
                        sb.Append(text);
                        PyOps.CheckLength(sb.Length, state.MaxLength);
                    }
                    return sb.ToString();
                }
            case "center" or "ljust" or "rjust":
                {
                    var bound = args.Bind(name, ["width", "fillchar"], 1);
                    long width = PyOps.ToIndex(bound[0], "width");
                    PyOps.CheckLength(width, state.MaxLength);
                    string fill = CallArgs.IsMissing(bound[1]) ? " " : RequireString(name, bound[1]);
                    if (fill.Length != 1) throw JinjaRuntimeException.Type("The fill character must be exactly one character long");
                    int len = PyString.Length(s);
                    if (width <= len) return s;
                    return name switch
                    {
                        "center" => PyString.Center(s, width, fill[0]),
                        "ljust" => s + new string(fill[0], (int)(width - len)),
                        _ => new string(fill[0], (int)(width - len)) + s,
                    };
                }
            case "zfill":
                {
                    var bound = args.Bind(name, ["width"], 1);
                    long width = PyOps.ToIndex(bound[0], "width");
                    PyOps.CheckLength(width, state.MaxLength);
                    int len = PyString.Length(s);
                    if (width <= len) return s;
                    int sign = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
                    return s.Substring(0, sign) + new string('0', (int)(width - len)) + s.Substring(sign);
                }
            case "partition" or "rpartition":
                {
                    var bound = args.Bind(name, ["sep"], 1);
                    string sep = RequireString(name, bound[0]);
                    if (sep.Length == 0) throw JinjaRuntimeException.Type("empty separator");
                    int idx = name == "partition" ? s.IndexOf(sep, StringComparison.Ordinal) : s.LastIndexOf(sep, StringComparison.Ordinal);
                    if (idx < 0) return name == "partition" ? new PyTuple([s, "", ""]) : new PyTuple(["", "", s]);
                    return new PyTuple([s.Substring(0, idx), sep, s.Substring(idx + sep.Length)]);
                }
            case "removeprefix":
                {
                    string prefix = RequireString(name, args.Bind(name, ["prefix"], 1)[0]);
                    return s.StartsWith(prefix, StringComparison.Ordinal) ? s.Substring(prefix.Length) : s;
                }
            case "removesuffix":
                {
                    string suffix = RequireString(name, args.Bind(name, ["suffix"], 1)[0]);
                    return suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s.Substring(0, s.Length - suffix.Length) : s;
                }
            case "expandtabs":
                {
                    var bound = args.Bind(name, ["tabsize"]);
                    long size = CallArgs.IsMissing(bound[0]) ? 8 : PyOps.ToIndex(bound[0], "tabsize");
                    var sb = new StringBuilder();
                    int column = 0;
                    foreach (char c in s)
                    {
                        if (c == '\t')
                        {
                            if (size > 0)
                            {
                                int spaces = (int)(size - column % size);
                                sb.Append(' ', spaces);
                                column += spaces;
                            }
                        }
                        else
                        {
                            sb.Append(c);
                            column = c is '\n' or '\r' ? 0 : column + 1;
                        }
                    }
                    return sb.ToString();
                }
            case "format":
                return StrFormat.Format(s, args, null, state.MaxLength);
            case "format_map":
                {
                    var bound = args.Bind(name, ["mapping"], 1);
                    if (bound[0] is not PyDict mapping) throw JinjaRuntimeException.Type("format_map() argument must be a mapping");
                    return StrFormat.Format(s, CallArgs.Empty, mapping, state.MaxLength);
                }
            case "isalnum": args.ExpectNone(name); return All(s, char.IsLetterOrDigit);
            case "isalpha": args.ExpectNone(name); return All(s, char.IsLetter);
            case "isascii": args.ExpectNone(name); return PyOps.Box(s.All(c => c < 128));
            case "isdecimal" or "isdigit": args.ExpectNone(name); return All(s, char.IsDigit);
            case "isnumeric": args.ExpectNone(name); return All(s, char.IsNumber);
            case "isspace": args.ExpectNone(name); return All(s, PyString.IsSpace);
            case "isprintable": args.ExpectNone(name); return PyOps.Box(s.All(c => PyString.IsPrintable(c)));
            case "isidentifier":
                args.ExpectNone(name);
                return PyOps.Box(s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_'));
            case "islower":
                args.ExpectNone(name);
                return PyOps.Box(s.Any(char.IsLower) && !s.Any(char.IsUpper));
            case "isupper":
                args.ExpectNone(name);
                return PyOps.Box(s.Any(char.IsUpper) && !s.Any(char.IsLower));
            case "istitle":
                args.ExpectNone(name);
                return PyOps.Box(s.Any(char.IsLetter) && PyString.Title(s) == s);
            default:
                throw JinjaRuntimeException.Type($"str.{name}() is not supported in templates");
        }
    }

    private static object All(string s, Func<char, bool> predicate) => PyOps.Box(s.Length > 0 && s.All(predicate));

    private static string SliceFor(string s, object? start, object? end)
    {
        if (CallArgs.IsMissing(start) && CallArgs.IsMissing(end)) return s;
        var (a, b, _) = PyOps.SliceIndices(CallArgs.Or(start, null), CallArgs.Or(end, null), null, PyString.Length(s));
        return PyString.Slice(s, a, b, 1);
    }

    private static string RequireString(string method, object? value, string expected = "str")
    {
        if (PyOps.AsString(value) is { } s) return s;
        if (value is Undefined u) throw u.Fail();
        throw JinjaRuntimeException.Type($"{method}() argument must be {expected}, not {PyOps.TypeName(value)}");
    }

    private static string? OptionalString(string method, object? value) =>
        value is null ? null : RequireString(method, value, "str or None");
}
