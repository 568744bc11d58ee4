using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary>An expression: evaluates to a value.</summary>
internal abstract class Expr : Node
{
    protected Expr(int line, int column) : base(line, column) { }

    public abstract object? Eval(RenderState state, Frame frame);

    /// <summary>
    /// Constant folding's verdict, kept so that folding each link of a long chain does not re-walk the chain below
    /// it (quadratic compile time): 0 not yet known, -1 not foldable, otherwise the depth of unfolded sub-expressions
    /// that evaluating this one would re-evaluate.
    /// </summary>
    internal int FoldDepth;

    /// <summary>Calls <paramref name="visit"/> on this node and every expression nested in it.</summary>
    public virtual void Walk(Action<Expr> visit) => visit(this);
}
