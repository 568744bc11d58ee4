using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>call(args) macro(...)</c>: calls a macro with the block body as <c>caller</c>.</summary>
internal sealed class CallBlockStmt : Stmt
{
    public CallBlockStmt(CallExpr call, MacroDefinition caller, int line, int column) : base(line, column)
    {
        Call = call;
        Caller = caller;
    }

    public CallExpr Call { get; }

    public MacroDefinition Caller { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var caller = new MacroValue(Caller, frame);
        var result = Call.Invoke(state, frame, new KeyValuePair<string, object?>("caller", caller));
        WriteValue(state, result);
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        Call.Walk(visit);
        foreach (var d in Caller.Defaults) d?.Walk(visit);
        WalkBody(Caller.Body, visit);
    }
}
