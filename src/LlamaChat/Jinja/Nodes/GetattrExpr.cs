using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>obj.name</c>: attribute first, then item (Jinja2's getattr).</summary>
internal sealed class GetattrExpr : Expr
{
    public GetattrExpr(Expr obj, string name, int line, int column) : base(line, column)
    {
        Object = obj;
        Name = name;
    }

    public Expr Object { get; }

    public string Name { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var obj = Object.Eval(state, frame);
        try
        {
            return Members.GetAttr(obj, Name);
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
        Object.Walk(visit);
    }
}
