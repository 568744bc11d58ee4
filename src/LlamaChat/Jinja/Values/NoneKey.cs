namespace LlamaChat.Jinja.Values;

/// <summary>Stands for Python's <c>None</c> as a dictionary key (.NET dictionaries refuse null keys).</summary>
internal sealed class NoneKey
{
    public static readonly NoneKey Instance = new();

    private NoneKey() { }
}
