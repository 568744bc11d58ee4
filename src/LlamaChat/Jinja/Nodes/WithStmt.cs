using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>with a = 1, b = 2</c>: a scope with extra variables (values evaluated in the outer scope).</summary>
internal sealed class WithStmt : Stmt
{
    public WithStmt(AssignTarget[] targets, Expr[] values, Stmt[] body, int line, int column) : base(line, column)
    {
        Targets = targets;
        Values = values;
        Body = body;
    }

    public AssignTarget[] Targets { get; }

    public Expr[] Values { get; }

    public Stmt[] Body { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var inner = new Frame(frame);
        var values = new object?[Values.Length];
        for (int i = 0; i < Values.Length; i++) values[i] = Values[i].Eval(state, frame);
        for (int i = 0; i < Targets.Length; i++) Targets[i].Assign(state, inner, values[i]);
        return ExecuteBody(Body, state, inner);
    }

    public override void Walk(Action<Expr> visit)
    {
        foreach (var v in Values) v.Walk(visit);
        WalkBody(Body, visit);
    }
}
