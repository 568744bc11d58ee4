namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// One variable scope. Loop iterations, macro calls and captured blocks get a child frame, so their
/// assignments stay local; <c>if</c> blocks share their parent's frame, as in Jinja2.
/// </summary>
internal sealed class Frame
{
    private Dictionary<string, object?>? _vars;

    public Frame(Frame? parent) => Parent = parent;

    public Frame(Frame? parent, Dictionary<string, object?> vars)
    {
        Parent = parent;
        _vars = vars;
    }

    public Frame? Parent { get; }

    public bool TryGet(string name, out object? value)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            if (frame._vars is not null && frame._vars.TryGetValue(name, out value)) return true;
        }
        value = null;
        return false;
    }

    public void Set(string name, object? value)
    {
        _vars ??= new Dictionary<string, object?>(4, StringComparer.Ordinal);
        _vars[name] = value;
    }
}
