using System.Globalization;
using System.Text;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Runtime;

/// <summary>Python's <c>json.dumps</c>, byte for byte: separators, indent, ensure_ascii, sort_keys and float repr.</summary>
internal sealed class PyJson
{
    private readonly bool _ensureAscii;
    private readonly string? _indent;
    private readonly string _itemSeparator;
    private readonly string _keySeparator;
    private readonly bool _sortKeys;
    private readonly long _maxLength;
    private readonly StringBuilder _sb = new();

    public PyJson(bool ensureAscii, string? indent, string? itemSeparator, string? keySeparator, bool sortKeys, long maxLength)
    {
        _ensureAscii = ensureAscii;
        _indent = indent;
        _itemSeparator = itemSeparator ?? (indent is null ? ", " : ",");
        _keySeparator = keySeparator ?? ": ";
        _sortKeys = sortKeys;
        _maxLength = maxLength;
    }

    public string Dumps(object? value)
    {
        Write(value, 0);
        return _sb.ToString();
    }

    private void Write(object? value, int level)
    {
        if (level > PyStr.MaxNesting) throw new JinjaRuntimeException(TemplateErrorKind.Limit, "maximum nesting depth exceeded while serializing to JSON");
        if (_sb.Length > _maxLength) PyOps.CheckLength(_sb.Length, _maxLength);
        switch (value)
        {
            case null: _sb.Append("null"); return;
            case bool b: _sb.Append(b ? "true" : "false"); return;
            case long l: _sb.Append(l.ToString(CultureInfo.InvariantCulture)); return;
            case double d: _sb.Append(Float(d)); return;
            case string s: WriteString(s); return;
            case Markup m: WriteString(m.Value); return;
            case List<object?> list: WriteArray(list, level); return;
            case PyTuple tuple: WriteArray(tuple, level); return;
            case PyDict dict: WriteObject(dict, level); return;
            default:
                throw JinjaRuntimeException.Type($"Object of type {PyOps.TypeName(value)} is not JSON serializable");
        }
    }

    private static string Float(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        return PyStr.FloatRepr(d);
    }

    private void NewLine(int level)
    {
        _sb.Append('\n');
        for (int i = 0; i < level; i++) _sb.Append(_indent);
    }

    private void WriteArray(IReadOnlyList<object?> items, int level)
    {
        if (items.Count == 0)
        {
            _sb.Append("[]");
            return;
        }
        _sb.Append('[');
        if (_indent is not null) NewLine(level + 1);
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                _sb.Append(_itemSeparator);
                if (_indent is not null) NewLine(level + 1);
            }
            Write(items[i], level + 1);
        }
        if (_indent is not null) NewLine(level);
        _sb.Append(']');
    }

    private void WriteObject(PyDict dict, int level)
    {
        if (dict.Count == 0)
        {
            _sb.Append("{}");
            return;
        }
        IEnumerable<KeyValuePair<object?, object?>> pairs = dict.Pairs;
        if (_sortKeys)
        {
            var list = pairs.ToList();
            // Python's sorted() is stable and compares keys with '<'.
            var sorted = list.Select((p, i) => (p, i)).ToList();
            try
            {
                sorted.Sort((x, y) =>
                {
                    int c = PyOps.Compare(x.p.Key, y.p.Key, "<");
                    return c != 0 ? c : x.i.CompareTo(y.i);
                });
            }
            catch (InvalidOperationException e) when (e.InnerException is JinjaRuntimeException inner)
            {
                throw inner;
            }
            pairs = sorted.Select(x => x.p);
        }
        _sb.Append('{');
        if (_indent is not null) NewLine(level + 1);
        bool first = true;
        foreach (var pair in pairs)
        {
            if (!first)
            {
                _sb.Append(_itemSeparator);
                if (_indent is not null) NewLine(level + 1);
            }
            first = false;
            WriteString(KeyText(pair.Key));
            _sb.Append(_keySeparator);
            Write(pair.Value, level + 1);
        }
        if (_indent is not null) NewLine(level);
        _sb.Append('}');
    }

    private static string KeyText(object? key) => key switch
    {
        string s => s,
        Markup m => m.Value,
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        _ => throw JinjaRuntimeException.Type($"keys must be str, int, float, bool or None, not {PyOps.TypeName(key)}"),
    };

    private void WriteString(string s)
    {
        _sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                case '\b': _sb.Append("\\b"); break;
                case '\f': _sb.Append("\\f"); break;
                default:
                    if (c < ' ' || (_ensureAscii && c > '~'))
                    {
                        _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _sb.Append(c);
                    }
                    break;
            }
        }
        _sb.Append('"');
    }
}
