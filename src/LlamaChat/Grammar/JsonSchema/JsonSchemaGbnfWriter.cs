using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// Writes the GBNF for a normalized schema. Each schema node gets one rule (so recursion through <c>$ref</c>
/// is a recursive rule). Whitespace policy: JSON may be compact or pretty-printed: after <c>{</c>, <c>[</c>,
/// <c>,</c> and before <c>}</c>, <c>]</c> one optional space or one line break with up to 32 spaces/tabs;
/// after <c>:</c> one optional space; nothing else. At most one line break in a row, so the model can never
/// write the four line breaks that end generation inside the value.
/// </summary>
internal sealed class JsonSchemaGbnfWriter
{
    /// <summary>One character inside a JSON string: raw (no quote, backslash or control) or an escape; \u escapes of surrogates are excluded so lengths count code points.</summary>
    public const string JsonCharBody =
        "[^\"\\\\\\x00-\\x1F\\x7F] | \"\\\\\" ( [\"\\\\/bfnrt] | \"u\" ( [0-9a-cA-CeEfF] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2} ) )";

    /// <summary>The name of the rule matching the JSON value alone (without the trailing line breaks).</summary>
    public const string ValueRule = "json-value";

    private const string Ws = "ws";
    private const string WsBody = "( \" \" | \"\\n\" [ \\t]{0,32} )?";
    private const string Colon = "\":\" \" \"?";

    private readonly GbnfRuleSet _rules = new();
    private readonly Dictionary<SchemaNode, string> _names = new(ReferenceEqualityComparer.Instance);

    private JsonSchemaGbnfWriter() { }

    /// <summary>
    /// Writes the grammar: <c>root</c> is the value followed by four line breaks (the stop trigger) and any
    /// further line breaks, as node-llama-cpp does; <see cref="ValueRule"/> is the value alone.
    /// </summary>
    public static string Write(SchemaNode schema)
    {
        var writer = new JsonSchemaGbnfWriter();
        writer._rules.DefineOnce("root", $"{ValueRule} \"\\n\\n\\n\\n\" [\\n]*");
        var value = writer.RuleFor(schema);
        writer._rules.DefineOnce(ValueRule, value);
        writer._rules.DefineOnce(Ws, WsBody);
        return writer._rules.ToGbnf("root");
    }

    private string RuleFor(SchemaNode node)
    {
        if (_names.TryGetValue(node, out var existing))
            return existing;
        if (node.IsAny)
            return _names[node] = AnyJson();
        var name = _rules.NewName(Hint(node.Path));
        _names[node] = name;
        _rules.Define(name, Body(node, name));
        return name;
    }

    private string Body(SchemaNode node, string name)
    {
        if (node.Union is { } branches)
            return string.Join(" | ", branches.Select(RuleFor).Distinct());
        if (node.Enum is { } values)
            return string.Join(" | ", values.Select(v => GbnfRuleSet.Literal(CompactJson(v))).Distinct());

        var options = new List<string>();
        var t = node.Types;
        if (t.HasFlag(JsonTypes.Null))
            options.Add("\"null\"");
        if (t.HasFlag(JsonTypes.Boolean))
            options.Add("\"true\" | \"false\"");
        if (t.HasFlag(JsonTypes.Number) || t.HasFlag(JsonTypes.Integer))
            options.Add(NumberBody(node, integerOnly: !t.HasFlag(JsonTypes.Number)));
        if (t.HasFlag(JsonTypes.String))
            options.Add(StringBody(node, name));
        if (t.HasFlag(JsonTypes.Array))
            options.Add(ArrayBody(node, name));
        if (t.HasFlag(JsonTypes.Object))
            options.Add(ObjectBody(node, name));
        return string.Join(" | ", options);
    }

    private string NumberBody(SchemaNode node, bool integerOnly)
    {
        var fraction = _rules.DefineOnce("json-fraction", "\".\" [0-9]{0,15} [1-9]");
        if (node.Minimum is null && node.Maximum is null)
        {
            var integer = _rules.DefineOnce("json-integer", "\"-\"? ( \"0\" | [1-9] [0-9]{0,15} )");
            if (integerOnly)
                return integer;
            return _rules.DefineOnce("json-number", "json-integer ( \".\" [0-9]{1,16} )? ( [eE] [-+]? [0-9]{1,2} )?");
        }
        var (min, max) = (node.Minimum, node.Maximum);
        if (integerOnly)
        {
            BigInteger? lo = min is { } a ? new BigInteger(node.ExclusiveMinimum ? Math.Floor(a) + 1 : Math.Ceiling(a)) : null;
            BigInteger? hi = max is { } b ? new BigInteger(node.ExclusiveMaximum ? Math.Ceiling(b) - 1 : Math.Floor(b)) : null;
            return _rules.Intern(Hint(node.Path) + "-int", IntegerRangeGbnf.Range(lo, hi));
        }
        if ((min is { } m1 && m1 != decimal.Truncate(m1)) || (max is { } m2 && m2 != decimal.Truncate(m2)))
            throw new JsonSchemaException(
                $"The number bounds at {node.Path} are not whole numbers; LlamaChat writes exact grammars only for whole-number bounds on \"number\" (use \"integer\", or whole-number bounds).",
                node.Path, "minimum");
        // A number with a fraction lies strictly between two integers; see docs/grammar.md for the derivation.
        var options = new List<string>();
        BigInteger? intLo = min is { } x ? new BigInteger(x) + (node.ExclusiveMinimum ? 1 : 0) : null;
        BigInteger? intHi = max is { } y ? new BigInteger(y) - (node.ExclusiveMaximum ? 1 : 0) : null;
        if (intLo is null || intHi is null || intLo <= intHi)
            options.Add(IntegerRangeGbnf.Range(intLo, intHi));
        // Positive fractions x = I.f: need I >= max(min, 0) and I <= max - 1.
        BigInteger posLo = min is { } pl && pl > 0 ? new BigInteger(pl) : BigInteger.Zero;
        BigInteger? posHi = max is { } ph ? new BigInteger(ph) - 1 : null;
        if (posHi is null || posLo <= posHi)
            options.Add(IntegerRangeGbnf.NonNegative(posLo, posHi) + " " + fraction);
        // Negative fractions x = -(I.f): need I >= max(-max, 0) and I <= -min - 1.
        BigInteger negLo = max is { } nl && nl < 0 ? -new BigInteger(nl) : BigInteger.Zero;
        BigInteger? negHi = min is { } nh ? -new BigInteger(nh) - 1 : null;
        if (negHi is null || negLo <= negHi)
            options.Add("\"-\" " + Paren(IntegerRangeGbnf.NonNegative(negLo, negHi)) + " " + fraction);
        return _rules.Intern(Hint(node.Path) + "-num", string.Join(" | ", options.Select(Paren)));
    }

    private string StringBody(SchemaNode node, string name)
    {
        if (node.Pattern is { } pattern)
            return "\"\\\"\" " + RegexGbnf.Translate(pattern, node.Path, _rules, name) + " \"\\\"\"";
        if (node.Format is { } format)
            return FormatRule(format);
        var ch = _rules.DefineOnce("json-char", JsonCharBody);
        if (node.MinLength == 0 && node.MaxLength is null)
            return _rules.DefineOnce("json-string", "\"\\\"\" json-char* \"\\\"\"");
        return "\"\\\"\" " + _rules.Repeat(ch, ch, node.MinLength, node.MaxLength) + " \"\\\"\"";
    }

    private string FormatRule(string format)
    {
        if (!_rules.HasFormats)
        {
            _rules.HasFormats = true;
            foreach (var line in JsonFormats.Gbnf.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var split = line.IndexOf("::=", StringComparison.Ordinal);
                _rules.DefineOnce(line[..split].Trim(), line[(split + 3)..].Trim());
            }
        }
        return "format-" + format;
    }

    private string ArrayBody(SchemaNode node, string name)
    {
        var prefix = node.PrefixItems.Select(RuleFor).ToList();
        var rest = node.ItemsForbidden ? null : node.Items is null ? AnyJson() : RuleFor(node.Items);
        var max = node.MaxItems;
        if (rest is null)
            max = Math.Min(max ?? int.MaxValue, prefix.Count);
        // Every prefix item is written unless maxItems cuts the tuple short (stricter than JSON Schema,
        // which lets a tuple stop early; a model should complete the tuple).
        var min = Math.Max(node.MinItems, Math.Min(prefix.Count, max ?? int.MaxValue));
        if (max == 0)
            return $"\"[\" {Ws} \"]\"";
        var separator = "\",\" " + Ws;
        var parts = new List<string>();
        var count = Math.Min(prefix.Count, max ?? int.MaxValue);
        for (var i = 0; i < count; i++)
            parts.Add(i == 0 ? prefix[i] : separator + " " + prefix[i]);
        if (rest is not null && (max is null || max > prefix.Count))
        {
            var restMin = Math.Max(0, min - prefix.Count);
            int? restMax = max is { } mx ? mx - prefix.Count : null;
            if (prefix.Count == 0)
            {
                var tail = _rules.Repeat(name + "-next", separator + " " + rest, Math.Max(0, restMin - 1), restMax - 1);
                var first = (rest + " " + tail).Trim();
                parts.Add(restMin == 0 ? $"( {first} )?" : first);
            }
            else
            {
                parts.Add(_rules.Repeat(name + "-next", separator + " " + rest, restMin, restMax));
            }
        }
        var content = string.Join(" ", parts.Where(p => p.Length > 0 && p != "\"\""));
        return $"\"[\" {Ws} {content} {Ws} \"]\"";
    }

    private string ObjectBody(SchemaNode node, string name)
    {
        var members = node.Properties
            .Select(p => (p.Required, Rule: _rules.Intern($"{name}-{p.Name}-kv", $"{GbnfRuleSet.Literal(CompactJson(JsonValue.Create(p.Name)))} {Colon} {RuleFor(p.Schema)}")))
            .ToList();
        var separator = "\",\" " + Ws;

        string? extra = null;
        int extraMin = 0;
        int? extraMax = null;
        var extrasPossible = node.Additional != AdditionalPropertiesMode.None && (node.MaxProperties is null || node.MaxProperties > members.Count);
        if (extrasPossible)
        {
            var key = ExtraKeyRule(node, name);
            var value = node.Additional == AdditionalPropertiesMode.Any ? AnyJson() : RuleFor(node.AdditionalSchema!);
            extra = _rules.Intern(name + "-extra-kv", $"{key} {Colon} {value}");
            extraMin = Math.Max(0, node.MinProperties - members.Count);
            extraMax = node.MaxProperties is { } maxP ? maxP - members.Count : null;
        }

        // after[i]: what may follow once at least one member was written; first[i]: when none was yet.
        var after = new string[members.Count + 1];
        var first = new string[members.Count + 1];
        after[members.Count] = extra is null ? "" : _rules.Repeat(name + "-extra-next", $"{separator} {extra}", extraMin, extraMax);
        if (after[members.Count] == "\"\"")
            after[members.Count] = "";
        if (extra is null)
            first[members.Count] = "";
        else
        {
            var tail = _rules.Repeat(name + "-extra-next", $"{separator} {extra}", Math.Max(0, extraMin - 1), extraMax - 1);
            var some = $"{extra} {(tail == "\"\"" ? "" : tail)}".Trim();
            first[members.Count] = extraMin == 0 ? $"( {some} )?" : some;
        }
        for (var i = members.Count - 1; i >= 0; i--)
        {
            var (required, rule) = members[i];
            var withThis = $"{separator} {rule} {after[i + 1]}".Trim();
            after[i] = required ? withThis : $"( {separator} {rule} )? {after[i + 1]}".Trim();
            var startHere = $"{rule} {after[i + 1]}".Trim();
            first[i] = required ? startHere : first[i + 1].Length == 0 ? $"( {startHere} )?" : $"{startHere} | {Paren(first[i + 1])}";
            if (i > 0)
            {
                after[i] = after[i].Length == 0 ? "" : _rules.Intern($"{name}-after-{i}", after[i]);
                // first[i] is only reachable by skipping the optional member before it.
                if (!members[i - 1].Required)
                    first[i] = first[i].Length == 0 ? "" : _rules.Intern($"{name}-from-{i}", first[i]);
            }
        }
        var content = first[0];
        return content.Length == 0 ? $"\"{{\" {Ws} \"}}\"" : $"\"{{\" {Ws} {Paren(content)} {Ws} \"}}\"";
    }

    // Keys of additional properties: any plain string except the declared names (a grammar cannot stop
    // the same extra key from appearing twice; Parse reports that).
    private string ExtraKeyRule(SchemaNode node, string name)
    {
        var plain = _rules.DefineOnce("json-plain-char", "[^\"\\\\\\x00-\\x1F\\x7F]");
        var declared = node.Properties.Select(p => p.Name)
            .Where(n => n.EnumerateRunes().All(r => r.Value >= 0x20 && r.Value != 0x7F && r.Value != '"' && r.Value != '\\'))
            .ToList();
        if (declared.Count == 0)
            return _rules.DefineOnce("json-plain-string", "\"\\\"\" json-plain-char* \"\\\"\"");
        var body = NotIn(declared, "", name + "-key");
        return _rules.Intern(name + "-extra-key", $"\"\\\"\" {Paren(body)} \"\\\"\"");
    }

    private string NotIn(List<string> names, string prefix, string hint)
    {
        var options = new List<string>();
        if (!names.Contains(prefix))
            options.Add("\"\"");
        var children = names.Where(n => n.Length > prefix.Length && n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => char.ConvertToUtf32(n, prefix.Length)).Distinct().OrderBy(c => c).ToList();
        foreach (var c in children)
        {
            var next = prefix + char.ConvertFromUtf32(c);
            options.Add(GbnfRuleSet.Literal(char.ConvertFromUtf32(c)) + " " + _rules.Intern(hint, NotIn(names, next, hint)));
        }
        var others = new StringBuilder("[^\"\\\\\\x00-\\x1F\\x7F");
        foreach (var c in children)
            others.Append(GbnfRuleSet.ClassChar(c));
        others.Append(']');
        options.Add(others + " json-plain-char*");
        return string.Join(" | ", options);
    }

    private string AnyJson()
    {
        _rules.DefineOnce("json-char", JsonCharBody);
        _rules.DefineOnce("json-string", "\"\\\"\" json-char* \"\\\"\"");
        _rules.DefineOnce("json-integer", "\"-\"? ( \"0\" | [1-9] [0-9]{0,15} )");
        _rules.DefineOnce("json-number", "json-integer ( \".\" [0-9]{1,16} )? ( [eE] [-+]? [0-9]{1,2} )?");
        _rules.DefineOnce("json-any-object", $"\"{{\" {Ws} ( json-string {Colon} json-any ( \",\" {Ws} json-string {Colon} json-any )* {Ws} )? \"}}\"");
        _rules.DefineOnce("json-any-array", $"\"[\" {Ws} ( json-any ( \",\" {Ws} json-any )* {Ws} )? \"]\"");
        return _rules.DefineOnce("json-any", "json-any-object | json-any-array | json-string | json-number | \"true\" | \"false\" | \"null\"");
    }

    /// <summary>Compact JSON text as the grammar expects a literal value: no whitespace, minimal escaping.</summary>
    // Hand-written rather than JsonNode.ToJsonString: System.Text.Json escapes characters outside the BMP as
    // surrogate pairs (\uD83D\uDE00), which would force the model to spell an emoji as escapes.
    internal static string CompactJson(JsonNode? value)
    {
        var sb = new StringBuilder();
        Write(value, sb);
        return sb.ToString();

        static void Write(JsonNode? value, StringBuilder sb)
        {
            switch (value)
            {
                case null:
                    sb.Append("null");
                    break;
                case JsonObject o:
                    sb.Append('{');
                    var firstMember = true;
                    foreach (var (k, v) in o)
                    {
                        if (!firstMember)
                            sb.Append(',');
                        firstMember = false;
                        WriteString(k, sb);
                        sb.Append(':');
                        Write(v, sb);
                    }
                    sb.Append('}');
                    break;
                case JsonArray a:
                    sb.Append('[');
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (i > 0)
                            sb.Append(',');
                        Write(a[i], sb);
                    }
                    sb.Append(']');
                    break;
                default:
                    if (value.GetValueKind() == JsonValueKind.String)
                        WriteString(value.GetValue<string>(), sb);
                    else
                        sb.Append(value.ToJsonString());
                    break;
            }
        }

        static void WriteString(string s, StringBuilder sb)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20 || c == 0x7F)
                            sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                        else
                            sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }

    private static string Paren(string expression) => GbnfRuleSet.Paren(expression);

    private static string Hint(string path)
    {
        var parts = path.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p is not ("properties" or "$defs" or "definitions" or "items" or "prefixItems" or "merged"))
            .ToList();
        return parts.Count == 0 ? "schema" : string.Join("-", parts.TakeLast(3));
    }
}
