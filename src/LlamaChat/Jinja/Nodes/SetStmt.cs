using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>set target = expr</c>.</summary>
internal sealed class SetStmt : Stmt
{
    public SetStmt(AssignTarget target, Expr value, int line, int column) : base(line, column)
    {
        Target = target;
        Value = value;
    }

    public AssignTarget Target { get; }

    public Expr Value { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        Target.Assign(state, frame, Value.Eval(state, frame));
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit) => Value.Walk(visit);
}
