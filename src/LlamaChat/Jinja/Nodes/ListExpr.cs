using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A list literal <c>[a, b]</c>.</summary>
internal sealed class ListExpr : Expr
{
    public ListExpr(Expr[] items, int line, int column) : base(line, column) => Items = items;

    public Expr[] Items { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        var list = new List<object?>(Items.Length);
        foreach (var item in Items) list.Add(item.Eval(state, frame));
        return list;
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        foreach (var item in Items) item.Walk(visit);
    }
}
