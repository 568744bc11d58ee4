using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A literal: string, number, true/false/none.</summary>
internal sealed class ConstExpr : Expr
{
    public ConstExpr(object? value, int line, int column) : base(line, column) => Value = value;

    public object? Value { get; }

    public override object? Eval(RenderState state, Frame frame) => Value;
}
