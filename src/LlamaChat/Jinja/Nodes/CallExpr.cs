using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

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
        if (state.ConstantMode) throw new ConstantFolding.ImpossibleException();
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
