using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary><c>macro name(args)</c>: defines a macro in the current scope.</summary>
internal sealed class MacroStmt : Stmt
{
    public MacroStmt(MacroDefinition definition, int line, int column) : base(line, column) => Definition = definition;

    public MacroDefinition Definition { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        frame.Set(Definition.Name, new MacroValue(Definition, frame));
        return Flow.Normal;
    }

    public override void Walk(Action<Expr> visit)
    {
        foreach (var d in Definition.Defaults) d?.Walk(visit);
        WalkBody(Definition.Body, visit);
    }
}
