using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;
using static LlamaChat.Jinja.Filters.FilterHelpers;

namespace LlamaChat.Jinja.Filters;

/// <summary>The text filters: case, trim, replace, indent, truncate, escape...</summary>
internal static class StringFilters
{
    public static void Register(Dictionary<string, FilterFunction> f)
    {
        f["upper"] = (_, v, a) => { a.ExpectNone("upper"); return MapText(v, PyString.Upper); };
        f["lower"] = (_, v, a) => { a.ExpectNone("lower"); return MapText(v, PyString.Lower); };
        f["capitalize"] = (_, v, a) => { a.ExpectNone("capitalize"); return MapText(v, PyString.Capitalize); };
        f["title"] = (_, v, a) => { a.ExpectNone("title"); return Title(PyStr.Str(SoftStr(v))); };
        f["trim"] = Trim;
        f["string"] = (_, v, a) => { a.ExpectNone("string"); return SoftStr(v); };
        f["safe"] = (_, v, a) => { a.ExpectNone("safe"); return v is Markup ? v : new Markup(PyStr.Str(v)); };
        f["escape"] = f["e"] = (_, v, a) => { a.ExpectNone("escape"); return Markup.Escape(v); };
        f["forceescape"] = (_, v, a) => { a.ExpectNone("forceescape"); return new Markup(Markup.EscapeText(PyStr.Str(v))); };
        f["replace"] = Replace;
        f["center"] = Center;
        f["indent"] = Indent;
        f["truncate"] = Truncate;
        f["wordcount"] = (_, v, a) => { a.ExpectNone("wordcount"); return PyOps.Box(PyString.WordCount(PyStr.Str(v))); };
        f["format"] = Format;
        f["striptags"] = StripTags;
        f["urlencode"] = UrlEncode;
        f["filesizeformat"] = FileSizeFormat;
        f["pprint"] = (_, v, a) => { a.ExpectNone("pprint"); return PyStr.Repr(v); };
        f["xmlattr"] = XmlAttr;
    }

    private static object? Trim(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("trim", ["chars"]);
        var chars = CallArgs.Or(bound[0], null);
        string? set = chars is null ? null : RequireString("trim", chars, "chars");
        return MapText(value, s => PyString.Strip(s, set, true, true));
    }

    private static string Title(string s)
    {
        // Jinja2 splits before runs of whitespace, '-', '(', '{', '[' and '<' and capitalizes each piece.
        var sb = new StringBuilder(s.Length);
        bool atWordStart = true;
        foreach (char c in s)
        {
            bool separator = PyString.IsSpace(c) || c is '-' or '(' or '{' or '[' or '<';
            if (separator)
            {
                sb.Append(c);
                atWordStart = true;
            }
            else
            {
                sb.Append(atWordStart ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                atWordStart = false;
            }
        }
        return sb.ToString();
    }

    private static object? Replace(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("replace", ["old", "new", "count"], 2);
        long count = CallArgs.IsMissing(bound[2]) || bound[2] is null ? -1 : PyOps.ToIndex(bound[2], "count");
        string result = PyString.Replace(PyStr.Str(value), PyStr.Str(bound[0]), PyStr.Str(bound[1]), count);
        PyOps.CheckLength(result.Length, state.MaxLength);
        return result;
    }

    private static object? Center(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("center", ["width"]);
        long width = CallArgs.IsMissing(bound[0]) ? 80 : PyOps.ToIndex(bound[0], "width");
        PyOps.CheckLength(width, state.MaxLength);
        return MapText(value, s => PyString.Center(s, width));
    }

    private static object? Indent(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("indent", ["width", "first", "blank"]);
        var widthArg = CallArgs.Or(bound[0], PyOps.Box(4));
        string indention = PyOps.AsString(widthArg) ?? new string(' ', (int)Math.Clamp(PyOps.ToIndex(widthArg, "width"), 0, 10_000));
        bool first = PyOps.IsTrue(CallArgs.Or(bound[1], false));
        bool blank = PyOps.IsTrue(CallArgs.Or(bound[2], false));
        if (value is Undefined u) throw u.Fail();
        bool markup = value is Markup;
        string s = PyOps.AsString(value) ?? throw JinjaRuntimeException.Type($"unsupported operand type(s) for +=: '{PyOps.TypeName(value)}' and 'str'");
        s += "\n";
        var lines = PyString.SplitLines(s, false);
        var sb = new StringBuilder();
        if (blank)
        {
            for (int i = 0; i < lines.Count; i++)
            {
                if (i > 0) sb.Append('\n').Append(indention);
                sb.Append(lines[i]);
            }
        }
        else
        {
            sb.Append(lines[0]);
            for (int i = 1; i < lines.Count; i++)
            {
                sb.Append('\n');
                if (lines[i].Length > 0) sb.Append(indention);
                sb.Append(lines[i]);
            }
        }
        string result = first ? indention + sb : sb.ToString();
        PyOps.CheckLength(result.Length, state.MaxLength);
        return markup ? new Markup(result) : result;
    }

    private static object? Truncate(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("truncate", ["length", "killwords", "end", "leeway"]);
        long length = CallArgs.IsMissing(bound[0]) ? 255 : PyOps.ToIndex(bound[0], "length");
        bool killWords = PyOps.IsTrue(CallArgs.Or(bound[1], false));
        string end = PyStr.Str(CallArgs.Or(bound[2], "..."));
        var leewayArg = CallArgs.Or(bound[3], null);
        long leeway = leewayArg is null ? 5 : PyOps.ToIndex(leewayArg, "leeway");
        string s = PyStr.Str(value);
        int endLength = PyString.Length(end);
        if (length < endLength) throw JinjaRuntimeException.Type($"expected length >= {endLength}, got {length}");
        if (leeway < 0) throw JinjaRuntimeException.Type($"expected leeway >= 0, got {leeway}");
        int len = PyString.Length(s);
        if (len <= length + leeway) return s;
        string head = PyString.Slice(s, 0, (int)Math.Min(len, length - endLength), 1);
        if (killWords) return head + end;
        int space = head.LastIndexOf(' ');
        return (space >= 0 ? head.Substring(0, space) : head) + end;
    }

    private static object? Format(RenderState state, object? value, CallArgs args)
    {
        if (args.Count > 0 && args.HasNamed) throw JinjaRuntimeException.Type("can't handle positional and keyword arguments at the same time");
        object? operand;
        if (args.HasNamed)
        {
            var dict = new PyDict();
            foreach (var pair in args.Named!) dict.Set(pair.Key, pair.Value);
            operand = dict;
        }
        else
        {
            operand = new PyTuple(args.Positional);
        }
        return SoftStr(value) switch
        {
            Markup m => new Markup(PercentFormat.Format(m.Value, operand, state.MaxLength, escape: true)),
            var s => PercentFormat.Format((string)s, operand, state.MaxLength, escape: false),
        };
    }

    private static object? StripTags(RenderState state, object? value, CallArgs args)
    {
        args.ExpectNone("striptags");
        string s = PyStr.Str(value);
        var sb = new StringBuilder();
        int i = 0;
        while (i < s.Length)
        {
            if (s.AsSpan(i).StartsWith("<!--"))
            {
                int close = s.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (close >= 0)
                {
                    i = close + 3;
                    continue;
                }
            }
            if (s[i] == '<')
            {
                int close = s.IndexOf('>', i + 1);
                if (close >= 0)
                {
                    i = close + 1;
                    continue;
                }
            }
            sb.Append(s[i++]);
        }
        var words = PyString.Split(System.Net.WebUtility.HtmlDecode(sb.ToString()), null, -1);
        return string.Join(" ", words);
    }

    private static object? UrlEncode(RenderState state, object? value, CallArgs args)
    {
        args.ExpectNone("urlencode");
        static string Quote(object? v, bool forQuery) => forQuery
            ? Uri.EscapeDataString(PyStr.Str(v)).Replace("%20", "+", StringComparison.Ordinal)
            : Uri.EscapeDataString(PyStr.Str(v)).Replace("%2F", "/", StringComparison.Ordinal);
        if (value is string or Markup) return Quote(value, false);
        IEnumerable<object?> pairs = value is PyDict dict ? dict.Pairs.Select(p => (object?)new PyTuple([p.Key, p.Value])) : PyOps.Iterate(value);
        return string.Join("&", pairs.Select(p =>
        {
            var pair = PyOps.ToList(p);
            return Quote(pair[0], true) + "=" + Quote(pair[1], true);
        }));
    }

    private static object? FileSizeFormat(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("filesizeformat", ["binary"]);
        bool binary = PyOps.IsTrue(CallArgs.Or(bound[0], false));
        double bytes = PyOps.AsString(value) is { } s ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : PyOps.ToDouble(value);
        double unit = binary ? 1024 : 1000;
        string[] prefixes = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
        if (bytes == 1) return "1 Byte";
        if (bytes < unit) return $"{(long)bytes} Bytes";
        string result = "";
        for (int i = 0; i < prefixes.Length; i++)
        {
            double u = Math.Pow(unit, i + 2);
            result = NumberFormat.Fixed(unit * bytes / u, 1) + " " + prefixes[i];
            if (bytes < u) return result;
        }
        return result;
    }

    private static object? XmlAttr(RenderState state, object? value, CallArgs args)
    {
        var bound = args.Bind("xmlattr", ["autospace"]);
        bool autospace = PyOps.IsTrue(CallArgs.Or(bound[0], true));
        if (value is not PyDict dict) throw JinjaRuntimeException.Type("xmlattr() requires a mapping");
        var parts = new List<string>();
        foreach (var pair in dict.Pairs)
        {
            if (pair.Value is null || pair.Value is Undefined) continue;
            string key = PyStr.Str(pair.Key);
            if (key.Any(c => PyString.IsSpace(c) || c is '/' or '>' or '=')) throw JinjaRuntimeException.Type($"Invalid character in attribute name: {PyStr.Repr(key)}");
            parts.Add($"{Markup.EscapeText(key)}=\"{Markup.Escape(pair.Value).Value}\"");
        }
        string result = string.Join(" ", parts);
        if (autospace && result.Length > 0) result = " " + result;
        return new Markup(result);
    }
}
