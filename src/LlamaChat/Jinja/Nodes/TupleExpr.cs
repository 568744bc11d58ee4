using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A tuple literal <c>(a, b)</c> or a bare <c>a, b</c>.</summary>
internal sealed class TupleExpr : Expr
{
    public TupleExpr(Expr[] items, int line, int column) : base(line, column) => Items = items;

    public Expr[] Items { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        if (Items.Length == 0) return PyTuple.Empty;
        var values = new object?[Items.Length];
        for (int i = 0; i < Items.Length; i++) values[i] = Items[i].Eval(state, frame);
        return new PyTuple(values);
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        foreach (var item in Items) item.Walk(visit);
    }
}
