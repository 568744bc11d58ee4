using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>a and b</c> / <c>a or b</c>: short-circuit, returning an operand as Python does.</summary>
internal sealed class LogicalExpr : Expr
{
    public LogicalExpr(bool isAnd, Expr left, Expr right, int line, int column) : base(line, column)
    {
        IsAnd = isAnd;
        Left = left;
        Right = right;
    }

    public bool IsAnd { get; }

    public Expr Left { get; }

    public Expr Right { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var a = Left.Eval(state, frame);
        bool truthy = PyOps.IsTrue(a);
        if (IsAnd ? !truthy : truthy) return a;
        return Right.Eval(state, frame);
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Left.Walk(visit);
        Right.Walk(visit);
    }
}
