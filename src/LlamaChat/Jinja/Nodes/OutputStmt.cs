using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>Template text and <c>{{ expressions }}</c>, written in order.</summary>
internal sealed class OutputStmt : Stmt
{
    /// <summary>Each part is either a literal string or an <see cref="Expr"/>.</summary>
    public OutputStmt(object[] parts, int line, int column) : base(line, column) => Parts = parts;

    public object[] Parts { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        foreach (var part in Parts)
        {
            if (part is string text)
            {
                try
                {
                    state.Write(text);
                }
                catch (JinjaRuntimeException e)
                {
                    throw Error(e);
                }
                continue;
            }
            var expr = (Expr)part;
            var value = expr.Eval(state, frame);
            try
            {
                state.Write(PyStr.Str(value));
            }
            catch (JinjaRuntimeException e)
            {
                throw new TemplateException(e.Kind, e.Message, expr.Line, expr.Column, e);
            }
        }
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        foreach (var part in Parts)
        {
            if (part is Expr e) e.Walk(visit);
        }
    }
}
