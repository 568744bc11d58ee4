using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A variable reference; an unknown name evaluates to Undefined.</summary>
internal sealed class NameExpr : Expr
{
    public NameExpr(string name, int line, int column) : base(line, column) => Name = name;

    public string Name { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        if (state.ConstantMode) throw new ConstantFolding.ImpossibleException();
        if (frame.TryGet(Name, out var value)) return value;
        return Globals.TryGet(Name, out value) ? value : Undefined.ForName(Name);
    }
}
