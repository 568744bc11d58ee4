using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A body in its own scope: the <c>generation</c> tag of Hugging Face chat templates renders its body unchanged.</summary>
internal sealed class ScopeStmt : Stmt
{
    public ScopeStmt(Stmt[] body, int line, int column) : base(line, column) => Body = body;

    public Stmt[] Body { get; }

    public override Flow Execute(RenderState state, Frame frame) => ExecuteBody(Body, state, new Frame(frame));

    public override void Walk(Action<Expr> visit) => WalkBody(Body, visit);
}
