namespace LlamaChat.Jinja.Runtime;

/// <summary>Whether a value has a method of a given name, and whether the immutable sandbox allows it.</summary>
internal enum MethodKind
{
    None,
    Safe,
    Mutating,
}
