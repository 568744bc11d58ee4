using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>set target | filter %}...{% endset</c>: captures the body's output.</summary>
internal sealed class SetBlockStmt : Stmt
{
    public SetBlockStmt(AssignTarget target, FilterExpr? filter, Stmt[] body, int line, int column) : base(line, column)
    {
        Target = target;
        Filter = filter;
        Body = body;
    }

    public AssignTarget Target { get; }

    public FilterExpr? Filter { get; }

    public Stmt[] Body { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var previous = state.BeginCapture();
        ExecuteBody(Body, state, new Frame(frame));
        object? value = state.EndCapture(previous);
        if (Filter is not null) value = Filter.Apply(state, frame, value);
        Target.Assign(state, frame, value);
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        Filter?.Walk(visit);
        WalkBody(Body, visit);
    }
}
