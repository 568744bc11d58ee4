using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A slice <c>start:stop:step</c> inside a subscript.</summary>
internal sealed class SliceExpr : Expr
{
    public SliceExpr(Expr? start, Expr? stop, Expr? step, int line, int column) : base(line, column)
    {
        Start = start;
        Stop = stop;
        Step = step;
    }

    public Expr? Start { get; }

    public Expr? Stop { get; }

    public Expr? Step { get; }

    public override object? Eval(RenderState state, Frame frame) =>
        new PySlice(Start?.Eval(state, frame), Stop?.Eval(state, frame), Step?.Eval(state, frame));

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Start?.Walk(visit);
        Stop?.Walk(visit);
        Step?.Walk(visit);
    }
}
