using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary>An expression: evaluates to a value.</summary>
internal abstract class Expr : Node
{
    protected Expr(int line, int column) : base(line, column) { }

    public abstract object? Eval(RenderState state, Frame frame);

    /// <summary>Calls <paramref name="visit"/> on this node and every expression nested in it.</summary>
    public virtual void Walk(Action<Expr> visit) => visit(this);
}
