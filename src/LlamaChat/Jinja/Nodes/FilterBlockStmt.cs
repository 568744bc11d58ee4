using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>filter name %}...{% endfilter</c>: filters the body's output.</summary>
internal sealed class FilterBlockStmt : Stmt
{
    public FilterBlockStmt(FilterExpr filter, Stmt[] body, int line, int column) : base(line, column)
    {
        Filter = filter;
        Body = body;
    }

    public FilterExpr Filter { get; }

    public Stmt[] Body { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var previous = state.BeginCapture();
        ExecuteBody(Body, state, new Frame(frame));
        var text = state.EndCapture(previous);
        var result = Filter.Apply(state, frame, text);
        WriteValue(state, result);
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        Filter.Walk(visit);
        WalkBody(Body, visit);
    }
}
