using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>not x</c>.</summary>
internal sealed class NotExpr : Expr
{
    public NotExpr(Expr operand, int line, int column) : base(line, column) => Operand = operand;

    public Expr Operand { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        return PyOps.Box(!PyOps.IsTrue(Operand.Eval(state, frame)));
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Operand.Walk(visit);
    }
}
