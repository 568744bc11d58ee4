namespace LlamaChat.Jinja.Values;

/// <summary>
/// A Python tuple: an immutable sequence that prints as <c>(1, 2)</c>. Optional field names make it a
/// named tuple (as returned by the <c>groupby</c> filter) whose fields are also attributes.
/// </summary>
internal sealed class PyTuple : IReadOnlyList<object?>
{
    public static readonly PyTuple Empty = new([]);

    public PyTuple(object?[] items, string[]? fieldNames = null)
    {
        Items = items;
        FieldNames = fieldNames;
    }

    public object?[] Items { get; }

    public string[]? FieldNames { get; }

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)Items).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Items.GetEnumerator();
}
