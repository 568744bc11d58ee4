using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>a ~ b ~ c</c>: joins the str() of each operand.</summary>
internal sealed class ConcatExpr : Expr
{
    public ConcatExpr(Expr[] items, int line, int column) : base(line, column) => Items = items;

    public Expr[] Items { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        var sb = new StringBuilder();
        foreach (var item in Items)
        {
            string text;
            try
            {
                text = PyStr.Str(item.Eval(state, frame));
            }
            catch (JinjaRuntimeException e)
            {
                throw Error(e);
            }
            if (sb.Length + (long)text.Length > state.MaxLength) throw Error(TemplateErrorKind.Limit, $"a string exceeds the output size limit of {state.MaxLength}");
            sb.Append(text);
        }
        return sb.ToString();
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        foreach (var item in Items) item.Walk(visit);
    }
}
