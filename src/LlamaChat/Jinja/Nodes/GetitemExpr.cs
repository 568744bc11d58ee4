using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>obj[key]</c> and <c>obj[a:b:c]</c>: item first, then attribute (Jinja2's getitem).</summary>
internal sealed class GetitemExpr : Expr
{
    public GetitemExpr(Expr obj, Expr key, int line, int column) : base(line, column)
    {
        Object = obj;
        Key = key;
    }

    public Expr Object { get; }

    public Expr Key { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var obj = Object.Eval(state, frame);
        var key = Key.Eval(state, frame);
        try
        {
            return Members.GetItem(obj, key, lenientSlice: state.ConstantMode);
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
        Key.Walk(visit);
    }
}
