using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

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
