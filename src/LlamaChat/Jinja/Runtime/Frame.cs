namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// One variable scope. Loop iterations, macro calls and captured blocks get a child frame, so their
/// assignments stay local; <c>if</c> blocks share their parent's frame, as in Jinja2.
/// </summary>
internal sealed class Frame
{
    // Scopes hold a handful of names, so parallel arrays searched linearly beat a dictionary; names from the
    // parser are interned, so most probes succeed on reference equality.
    private string[]? _names;
    private object?[]? _values;
    private int _count;
    private readonly Dictionary<string, object?>? _globals;

    public Frame(Frame? parent) => Parent = parent;

    /// <summary>A root frame over the render variables.</summary>
    public Frame(Dictionary<string, object?> globals) => _globals = globals;

    public Frame? Parent { get; }

    public bool TryGet(string name, out object? value)
    {
        for (var frame = this; frame is not null; frame = frame.Parent)
        {
            var names = frame._names;
            if (names is not null)
            {
                for (int i = frame._count - 1; i >= 0; i--)
                {
                    var candidate = names[i];
                    if (ReferenceEquals(candidate, name) || (candidate.Length == name.Length && string.Equals(candidate, name, StringComparison.Ordinal)))
                    {
                        value = frame._values![i];
                        return true;
                    }
                }
            }
            if (frame._globals is not null && frame._globals.TryGetValue(name, out value)) return true;
        }
        value = null;
        return false;
    }

    public void Set(string name, object? value)
    {
        if (_names is null)
        {
            _names = new string[4];
            _values = new object?[4];
        }
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_names[i], name) || string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                _values![i] = value;
                return;
            }
        }
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }
        _names[_count] = name;
        _values![_count] = value;
        _count++;
    }
}
