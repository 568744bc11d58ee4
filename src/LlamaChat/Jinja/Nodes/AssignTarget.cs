using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>The left side of <c>set</c>, <c>for</c> and <c>with</c>: a name, <c>ns.attr</c> or a tuple of targets.</summary>
internal abstract class AssignTarget : Node
{
    protected AssignTarget(int line, int column) : base(line, column) { }

    public abstract void Assign(RenderState state, Frame frame, object? value);
}
