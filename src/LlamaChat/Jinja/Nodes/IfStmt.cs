using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>if / elif / else</c>. Shares the enclosing scope, as in Jinja2.</summary>
internal sealed class IfStmt : Stmt
{
    public IfStmt(Expr[] tests, Stmt[][] bodies, Stmt[] elseBody, int line, int column) : base(line, column)
    {
        Tests = tests;
        Bodies = bodies;
        ElseBody = elseBody;
    }

    public Expr[] Tests { get; }

    public Stmt[][] Bodies { get; }

    public Stmt[] ElseBody { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        for (int i = 0; i < Tests.Length; i++)
        {
            if (PyOps.IsTrue(Tests[i].Eval(state, frame))) return ExecuteBody(Bodies[i], state, frame);
        }
        return ExecuteBody(ElseBody, state, frame);
    }

    public override void Walk(Action<Expr> visit)
    {
        foreach (var t in Tests) t.Walk(visit);
        foreach (var b in Bodies) WalkBody(b, visit);
        WalkBody(ElseBody, visit);
    }
}
