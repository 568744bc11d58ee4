using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>obj.name</c>: attribute first, then item (Jinja2's getattr).</summary>
internal sealed class GetattrExpr : Expr
{
    public GetattrExpr(Expr obj, string name, int line, int column) : base(line, column)
    {
        Object = obj;
        Name = name;
    }

    public Expr Object { get; }

    public string Name { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var obj = Object.Eval(state, frame);
        try
        {
            return Members.GetAttr(obj, Name);
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Object.Walk(visit);
    }
}

/// <summary><c>obj[key]</c> and <c>obj[a:b:c]</c>: item first, then attribute (Jinja2's getitem).</summary>
internal sealed class GetitemExpr : Expr
{
    public GetitemExpr(Expr obj, Expr key, int line, int column) : base(line, column)
    {
        Object = obj;
        Key = key;
    }

    public Expr Object { get; }

    public Expr Key { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var obj = Object.Eval(state, frame);
        var key = Key.Eval(state, frame);
        try
        {
            return Members.GetItem(obj, key);
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Object.Walk(visit);
        Key.Walk(visit);
    }
}

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

/// <summary>A call <c>f(a, b=c)</c>.</summary>
internal sealed class CallExpr : Expr
{
    public CallExpr(Expr callee, ArgumentList args, int line, int column) : base(line, column)
    {
        Callee = callee;
        Args = args;
    }

    public Expr Callee { get; }

    public ArgumentList Args { get; }

    public override object? Eval(RenderState state, Frame frame) => Invoke(state, frame, null);

    /// <summary>Evaluates the call, optionally adding a keyword argument (the <c>caller</c> of a call block).</summary>
    public object? Invoke(RenderState state, Frame frame, KeyValuePair<string, object?>? extraNamed)
    {
        StackGuard.Check();
        var callee = Callee.Eval(state, frame);
        try
        {
            var args = Args.Evaluate(state, frame, extraNamed);
            return CallValue(state, callee, args);
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
    }

    public static object? CallValue(RenderState state, object? callee, CallArgs args) => callee switch
    {
        IJinjaCallable callable => callable.Invoke(state, args),
        Undefined u => throw u.Fail(),
        _ => throw JinjaRuntimeException.Type($"'{PyOps.TypeName(callee)}' object is not callable"),
    };

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Callee.Walk(visit);
        Args.Walk(visit);
    }
}
