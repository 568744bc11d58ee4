using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>a if cond else b</c>; without else a false condition yields Undefined.</summary>
internal sealed class CondExpr : Expr
{
    public CondExpr(Expr test, Expr whenTrue, Expr? whenFalse, int line, int column) : base(line, column)
    {
        Test = test;
        WhenTrue = whenTrue;
        WhenFalse = whenFalse;
    }

    public Expr Test { get; }

    public Expr WhenTrue { get; }

    public Expr? WhenFalse { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        if (PyOps.IsTrue(Test.Eval(state, frame))) return WhenTrue.Eval(state, frame);
        if (WhenFalse is not null) return WhenFalse.Eval(state, frame);
        return Undefined.WithHint($"the inline if-expression on line {Line} evaluated to false and no else section was defined.");
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Test.Walk(visit);
        WhenTrue.Walk(visit);
        WhenFalse?.Walk(visit);
    }
}
