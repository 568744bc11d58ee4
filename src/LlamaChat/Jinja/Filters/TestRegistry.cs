using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Filters;

/// <summary>All tests (<c>x is name</c>) by name, resolved when a template is compiled.</summary>
internal static class TestRegistry
{
    private static readonly Dictionary<string, TestFunction> Tests = Build();

    private static TestFunction NoArgs(string name, Func<object?, bool> test) => (_, v, a) =>
    {
        a.ExpectNone(name);
        return test(v);
    };

    private static TestFunction OneArg(string name, string parameter, Func<object?, object?, bool> test) => (_, v, a) =>
    {
        var bound = a.Bind(name, [parameter], 1);
        return test(v, bound[0]);
    };

    private static Dictionary<string, TestFunction> Build()
    {
        var t = new Dictionary<string, TestFunction>(StringComparer.Ordinal)
        {
            ["defined"] = NoArgs("defined", v => v is not Undefined),
            ["undefined"] = NoArgs("undefined", v => v is Undefined),
            ["none"] = NoArgs("none", v => v is null),
            ["boolean"] = NoArgs("boolean", v => v is bool),
            ["true"] = NoArgs("true", v => v is true),
            ["false"] = NoArgs("false", v => v is false),
            ["integer"] = NoArgs("integer", v => v is long),
            ["float"] = NoArgs("float", v => v is double),
            ["number"] = NoArgs("number", PyOps.IsNumber),
            ["string"] = NoArgs("string", PyOps.IsString),
            ["mapping"] = NoArgs("mapping", v => v is PyDict),
            ["sequence"] = NoArgs("sequence", v => v is string or Markup or List<object?> or PyTuple or PyDict or Undefined
                || v is PyIterable { TypeName: "range" }),
            ["iterable"] = NoArgs("iterable", PyOps.IsIterable),
            ["callable"] = NoArgs("callable", v => v is IJinjaCallable or Undefined),
            ["escaped"] = NoArgs("escaped", v => v is Markup),
            ["lower"] = NoArgs("lower", v => IsLower(PyStr.Str(v))),
            ["upper"] = NoArgs("upper", v => IsUpper(PyStr.Str(v))),
            ["odd"] = NoArgs("odd", v => PyOps.PyEquals(PyOps.Mod(v, PyOps.Box(2), long.MaxValue), PyOps.Box(1))),
            ["even"] = NoArgs("even", v => PyOps.PyEquals(PyOps.Mod(v, PyOps.Box(2), long.MaxValue), PyOps.Box(0))),
            ["divisibleby"] = OneArg("divisibleby", "num", (v, n) => PyOps.PyEquals(PyOps.Mod(v, n, long.MaxValue), PyOps.Box(0))),
            ["sameas"] = OneArg("sameas", "other", SameAs),
            ["in"] = OneArg("in", "seq", (v, seq) => PyOps.Contains(seq, v)),
            ["filter"] = NoArgs("filter", v => PyOps.AsString(v) is { } name && FilterRegistry.Contains(name)),
            ["test"] = NoArgs("test", v => PyOps.AsString(v) is { } name && Tests!.ContainsKey(name)),
        };
        void Compare(string op, params string[] names)
        {
            foreach (var name in names) t[name] = OneArg(name, "b", (a, b) => PyOps.CompareOp(op, a, b));
        }
        Compare("==", "==", "eq", "equalto");
        Compare("!=", "!=", "ne");
        Compare(">", ">", "gt", "greaterthan");
        Compare(">=", ">=", "ge");
        Compare("<", "<", "lt", "lessthan");
        Compare("<=", "<=", "le");
        return t;
    }

    private static bool IsLower(string s) => s.Any(char.IsLower) && !s.Any(char.IsUpper);

    private static bool IsUpper(string s) => s.Any(char.IsUpper) && !s.Any(char.IsLower);

    /// <summary>Python's <c>is</c>: singletons and small cached ints compare by value, everything else by identity.</summary>
    private static bool SameAs(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is bool x && b is bool y) return x == y;
        if (a is long l && b is long m) return l == m && l >= -5 && l <= 256;
        return ReferenceEquals(a, b);
    }

    public static bool TryGet(string name, out TestFunction test) => Tests.TryGetValue(name, out test!);

    public static TestFunction Get(string name) =>
        Tests.TryGetValue(name, out var test) ? test : throw new JinjaRuntimeException(TemplateErrorKind.Syntax, $"No test named {PyStr.Repr(name)}.");
}
