using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>Assigns an attribute of a namespace object: <c>set ns.count = 1</c>.</summary>
internal sealed class NamespaceTarget : AssignTarget
{
    public NamespaceTarget(string name, string attribute, int line, int column) : base(line, column)
    {
        Name = name;
        Attribute = attribute;
    }

    public string Name { get; }

    public string Attribute { get; }

    public override void Assign(RenderState state, Frame frame, object? value)
    {
        object? target = frame.TryGet(Name, out var found) ? found : Undefined.ForName(Name);
        if (target is not PyNamespace ns)
        {
            throw Error(TemplateErrorKind.Type, "cannot assign attribute on non-namespace object");
        }
        ns.Attributes[Attribute] = value;
    }
}
