using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>The left side of <c>set</c>, <c>for</c> and <c>with</c>: a name, <c>ns.attr</c> or a tuple of targets.</summary>
internal abstract class AssignTarget : Node
{
    protected AssignTarget(int line, int column) : base(line, column) { }

    public abstract void Assign(RenderState state, Frame frame, object? value);
}

/// <summary>Assigns to a variable of the current scope.</summary>
internal sealed class NameTarget : AssignTarget
{
    public NameTarget(string name, int line, int column) : base(line, column) => Name = name;

    public string Name { get; }

    public override void Assign(RenderState state, Frame frame, object? value) => frame.Set(Name, value);
}

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

/// <summary>Unpacks an iterable into several targets: <c>for key, value in ...</c>.</summary>
internal sealed class TupleTarget : AssignTarget
{
    public TupleTarget(AssignTarget[] items, int line, int column) : base(line, column) => Items = items;

    public AssignTarget[] Items { get; }

    public override void Assign(RenderState state, Frame frame, object? value)
    {
        IReadOnlyList<object?> values;
        try
        {
            values = value as IReadOnlyList<object?> ?? PyOps.ToList(value);
        }
        catch (JinjaRuntimeException)
        {
            throw Error(JinjaRuntimeException.Type($"cannot unpack non-iterable {PyOps.TypeName(value)} object"));
        }
        if (values.Count < Items.Length) throw Error(TemplateErrorKind.Type, $"not enough values to unpack (expected {Items.Length}, got {values.Count})");
        if (values.Count > Items.Length) throw Error(TemplateErrorKind.Type, $"too many values to unpack (expected {Items.Length})");
        for (int i = 0; i < Items.Length; i++) Items[i].Assign(state, frame, values[i]);
    }
}
