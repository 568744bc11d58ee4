using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>Unary minus or plus.</summary>
internal sealed class UnaryExpr : Expr
{
    public UnaryExpr(bool negate, Expr operand, int line, int column) : base(line, column)
    {
        Negate = negate;
        Operand = operand;
    }

    public bool Negate { get; }

    public Expr Operand { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var value = Operand.Eval(state, frame);
        try
        {
            return Negate ? PyOps.Negate(value) : PyOps.Plus(value);
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
        Operand.Walk(visit);
    }
}
