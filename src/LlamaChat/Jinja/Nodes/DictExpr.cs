using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A dict literal <c>{'a': 1}</c>.</summary>
internal sealed class DictExpr : Expr
{
    public DictExpr((Expr Key, Expr Value)[] pairs, int line, int column) : base(line, column) => Pairs = pairs;

    public (Expr Key, Expr Value)[] Pairs { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        var dict = new PyDict(Pairs.Length);
        foreach (var (key, value) in Pairs)
        {
            var k = key.Eval(state, frame);
            var v = value.Eval(state, frame);
            try
            {
                dict.Set(k, v);
            }
            catch (JinjaRuntimeException e)
            {
                throw Error(e);
            }
        }
        return dict;
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        foreach (var (key, value) in Pairs)
        {
            key.Walk(visit);
            value.Walk(visit);
        }
    }
}
