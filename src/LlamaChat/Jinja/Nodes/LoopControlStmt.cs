using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>break</c> or <c>continue</c> (the loopcontrols extension).</summary>
internal sealed class LoopControlStmt : Stmt
{
    public LoopControlStmt(bool isBreak, int line, int column) : base(line, column) => IsBreak = isBreak;

    public bool IsBreak { get; }

    public override Flow Execute(RenderState state, Frame frame) => IsBreak ? Flow.Break : Flow.Continue;

    public override void Walk(Action<Expr> visit) { }
}
