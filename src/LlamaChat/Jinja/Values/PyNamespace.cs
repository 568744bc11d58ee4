namespace LlamaChat.Jinja.Values;

/// <summary>The object returned by <c>namespace()</c>: the one mutable value templates may assign attributes to.</summary>
internal sealed class PyNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
