using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>Assigns to a variable of the current scope.</summary>
internal sealed class NameTarget : AssignTarget
{
    public NameTarget(string name, int line, int column) : base(line, column) => Name = name;

    public string Name { get; }

    public override void Assign(RenderState state, Frame frame, object? value) => frame.Set(Name, value);
}
