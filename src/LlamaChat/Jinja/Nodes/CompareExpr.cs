using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A comparison chain <c>a &lt; b &lt;= c</c>, <c>x in y</c>, <c>x not in y</c>.</summary>
internal sealed class CompareExpr : Expr
{
    public CompareExpr(Expr first, (string Op, Expr Operand)[] rest, int line, int column) : base(line, column)
    {
        First = first;
        Rest = rest;
    }

    public Expr First { get; }

    public (string Op, Expr Operand)[] Rest { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var left = First.Eval(state, frame);
        foreach (var (op, operand) in Rest)
        {
            var right = operand.Eval(state, frame);
            bool result;
            try
            {
                result = op switch
                {
                    "in" => PyOps.Contains(right, left),
                    "notin" => !PyOps.Contains(right, left),
                    _ => PyOps.CompareOp(op, left, right),
                };
            }
            catch (JinjaRuntimeException e)
            {
                throw Error(e);
            }
            if (!result) return PyOps.False;
            left = right;
        }
        return PyOps.True;
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        First.Walk(visit);
        foreach (var (_, operand) in Rest) operand.Walk(visit);
    }
}
