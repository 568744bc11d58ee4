using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>Template text and <c>{{ expressions }}</c>, written in order.</summary>
internal sealed class OutputStmt : Stmt
{
    /// <summary>Each part is either a literal string or an <see cref="Expr"/>.</summary>
    public OutputStmt(object[] parts, int line, int column) : base(line, column) => Parts = parts;

    public object[] Parts { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        foreach (var part in Parts)
        {
            if (part is string text)
            {
                try
                {
                    state.Write(text);
                }
                catch (JinjaRuntimeException e)
                {
                    throw Error(e);
                }
                continue;
            }
            var expr = (Expr)part;
            var value = expr.Eval(state, frame);
            try
            {
                state.Write(PyStr.Str(value));
            }
            catch (JinjaRuntimeException e)
            {
                throw new TemplateException(e.Kind, e.Message, expr.Line, expr.Column, e);
            }
        }
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        foreach (var part in Parts)
        {
            if (part is Expr e) e.Walk(visit);
        }
    }
}

/// <summary><c>if / elif / else</c>. Shares the enclosing scope, as in Jinja2.</summary>
internal sealed class IfStmt : Stmt
{
    public IfStmt(Expr[] tests, Stmt[][] bodies, Stmt[] elseBody, int line, int column) : base(line, column)
    {
        Tests = tests;
        Bodies = bodies;
        ElseBody = elseBody;
    }

    public Expr[] Tests { get; }

    public Stmt[][] Bodies { get; }

    public Stmt[] ElseBody { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        for (int i = 0; i < Tests.Length; i++)
        {
            if (PyOps.IsTrue(Tests[i].Eval(state, frame))) return ExecuteBody(Bodies[i], state, frame);
        }
        return ExecuteBody(ElseBody, state, frame);
    }

    public override void Walk(Action<Expr> visit)
    {
        foreach (var t in Tests) t.Walk(visit);
        foreach (var b in Bodies) WalkBody(b, visit);
        WalkBody(ElseBody, visit);
    }
}

/// <summary><c>set target = expr</c>.</summary>
internal sealed class SetStmt : Stmt
{
    public SetStmt(AssignTarget target, Expr value, int line, int column) : base(line, column)
    {
        Target = target;
        Value = value;
    }

    public AssignTarget Target { get; }

    public Expr Value { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        Target.Assign(state, frame, Value.Eval(state, frame));
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit) => Value.Walk(visit);
}

/// <summary><c>set target | filter %}...{% endset</c>: captures the body's output.</summary>
internal sealed class SetBlockStmt : Stmt
{
    public SetBlockStmt(AssignTarget target, FilterExpr? filter, Stmt[] body, int line, int column) : base(line, column)
    {
        Target = target;
        Filter = filter;
        Body = body;
    }

    public AssignTarget Target { get; }

    public FilterExpr? Filter { get; }

    public Stmt[] Body { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var previous = state.BeginCapture();
        ExecuteBody(Body, state, new Frame(frame));
        object? value = state.EndCapture(previous);
        if (Filter is not null) value = Filter.Apply(state, frame, value);
        Target.Assign(state, frame, value);
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        Filter?.Walk(visit);
        WalkBody(Body, visit);
    }
}

/// <summary><c>macro name(args)</c>: defines a macro in the current scope.</summary>
internal sealed class MacroStmt : Stmt
{
    public MacroStmt(MacroDefinition definition, int line, int column) : base(line, column) => Definition = definition;

    public MacroDefinition Definition { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        frame.Set(Definition.Name, new MacroValue(Definition, frame));
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        foreach (var d in Definition.Defaults) d?.Walk(visit);
        WalkBody(Definition.Body, visit);
    }
}

/// <summary><c>call(args) macro(...)</c>: calls a macro with the block body as <c>caller</c>.</summary>
internal sealed class CallBlockStmt : Stmt
{
    public CallBlockStmt(CallExpr call, MacroDefinition caller, int line, int column) : base(line, column)
    {
        Call = call;
        Caller = caller;
    }

    public CallExpr Call { get; }

    public MacroDefinition Caller { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var caller = new MacroValue(Caller, frame);
        var result = Call.Invoke(state, frame, new KeyValuePair<string, object?>("caller", caller));
        try
        {
            state.Write(PyStr.Str(result));
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        Call.Walk(visit);
        foreach (var d in Caller.Defaults) d?.Walk(visit);
        WalkBody(Caller.Body, visit);
    }
}

/// <summary><c>filter name %}...{% endfilter</c>: filters the body's output.</summary>
internal sealed class FilterBlockStmt : Stmt
{
    public FilterBlockStmt(FilterExpr filter, Stmt[] body, int line, int column) : base(line, column)
    {
        Filter = filter;
        Body = body;
    }

    public FilterExpr Filter { get; }

    public Stmt[] Body { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var previous = state.BeginCapture();
        ExecuteBody(Body, state, new Frame(frame));
        var text = state.EndCapture(previous);
        var result = Filter.Apply(state, frame, text);
        try
        {
            state.Write(PyStr.Str(result));
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        Filter.Walk(visit);
        WalkBody(Body, visit);
    }
}

/// <summary><c>with a = 1, b = 2</c>: a scope with extra variables (values evaluated in the outer scope).</summary>
internal sealed class WithStmt : Stmt
{
    public WithStmt(AssignTarget[] targets, Expr[] values, Stmt[] body, int line, int column) : base(line, column)
    {
        Targets = targets;
        Values = values;
        Body = body;
    }

    public AssignTarget[] Targets { get; }

    public Expr[] Values { get; }

    public Stmt[] Body { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var inner = new Frame(frame);
        var values = new object?[Values.Length];
        for (int i = 0; i < Values.Length; i++) values[i] = Values[i].Eval(state, frame);
        for (int i = 0; i < Targets.Length; i++) Targets[i].Assign(state, inner, values[i]);
        return ExecuteBody(Body, state, inner);
    }

    public override void Walk(Action<Expr> visit)
    {
        foreach (var v in Values) v.Walk(visit);
        WalkBody(Body, visit);
    }
}

/// <summary>A body in its own scope: the <c>generation</c> tag of Hugging Face chat templates renders its body unchanged.</summary>
internal sealed class ScopeStmt : Stmt
{
    public ScopeStmt(Stmt[] body, int line, int column) : base(line, column) => Body = body;

    public Stmt[] Body { get; }

    public override Flow Execute(RenderState state, Frame frame) => ExecuteBody(Body, state, new Frame(frame));

    public override void Walk(Action<Expr> visit) => WalkBody(Body, visit);
}

/// <summary><c>break</c> or <c>continue</c> (the loopcontrols extension).</summary>
internal sealed class LoopControlStmt : Stmt
{
    public LoopControlStmt(bool isBreak, int line, int column) : base(line, column) => IsBreak = isBreak;

    public bool IsBreak { get; }

    public override Flow Execute(RenderState state, Frame frame) => IsBreak ? Flow.Break : Flow.Continue;

    public override void Walk(Action<Expr> visit) { }
}
