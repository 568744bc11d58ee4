using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>The argument list of a call, filter or test: positional, keyword, <c>*args</c> and <c>**kwargs</c>.</summary>
internal sealed class ArgumentList
{
    public static readonly ArgumentList Empty = new([], [], null, null);

    public ArgumentList(Expr[] positional, (string Name, Expr Value)[] named, Expr? dynArgs, Expr? dynKwargs)
    {
        Positional = positional;
        Named = named;
        DynArgs = dynArgs;
        DynKwargs = dynKwargs;
    }

    public Expr[] Positional { get; }

    public (string Name, Expr Value)[] Named { get; }

    public Expr? DynArgs { get; }

    public Expr? DynKwargs { get; }

    public bool IsEmpty => Positional.Length == 0 && Named.Length == 0 && DynArgs is null && DynKwargs is null;

    public CallArgs Evaluate(RenderState state, Frame frame, KeyValuePair<string, object?>? extraNamed = null)
    {
        if (IsEmpty && extraNamed is null) return CallArgs.Empty;
        object?[] positional;
        if (DynArgs is null)
        {
            positional = new object?[Positional.Length];
            for (int i = 0; i < Positional.Length; i++) positional[i] = Positional[i].Eval(state, frame);
        }
        else
        {
            var list = new List<object?>();
            foreach (var p in Positional) list.Add(p.Eval(state, frame));
            list.AddRange(PyOps.Iterate(DynArgs.Eval(state, frame)));
            positional = list.ToArray();
        }
        KeyValuePair<string, object?>[]? named = null;
        if (Named.Length > 0 || DynKwargs is not null || extraNamed is not null)
        {
            var pairs = new List<KeyValuePair<string, object?>>(Named.Length + 1);
            foreach (var (name, value) in Named) pairs.Add(new(name, value.Eval(state, frame)));
            if (DynKwargs is not null)
            {
                if (DynKwargs.Eval(state, frame) is not PyDict dict) throw JinjaRuntimeException.Type("argument after ** must be a mapping");
                foreach (var pair in dict.Pairs) pairs.Add(new(PyStr.Str(pair.Key), pair.Value));
            }
            if (extraNamed is { } extra) pairs.Add(extra);
            named = pairs.ToArray();
        }
        return new CallArgs(positional, named);
    }

    public void Walk(Action<Expr> visit)
    {
        foreach (var p in Positional) p.Walk(visit);
        foreach (var (_, value) in Named) value.Walk(visit);
        DynArgs?.Walk(visit);
        DynKwargs?.Walk(visit);
    }
}
