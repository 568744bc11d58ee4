namespace LlamaChat.Jinja.Runtime;

/// <summary>The object <c>cycler(a, b, ...)</c> returns: <c>next()</c> walks the items round-robin.</summary>
internal sealed class Cycler
{
    private readonly object?[] _items;
    private int _position;

    public Cycler(object?[] items) => _items = items;

    public object? Current => _items[_position];

    public override string ToString() => "<jinja2.utils.Cycler object>";

    public object? CallMethod(string name)
    {
        if (name == "reset")
        {
            _position = 0;
            return null;
        }
        var value = _items[_position];
        _position = (_position + 1) % _items.Length;
        return value;
    }
}
