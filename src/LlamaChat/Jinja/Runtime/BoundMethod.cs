namespace LlamaChat.Jinja.Runtime;

/// <summary>A method of a value looked up without calling it yet (<c>x.items</c>); calling it runs the method.</summary>
internal sealed class BoundMethod : IJinjaCallable
{
    public BoundMethod(object? receiver, string name)
    {
        Receiver = receiver;
        Name = name;
    }

    public object? Receiver { get; }

    public string Name { get; }

    public string TypeName => "builtin_function_or_method";

    public object? Invoke(RenderState state, CallArgs args) => Methods.Call(state, Receiver, Name, args);

    public string Repr() => $"<built-in method {Name} of {PyOps.TypeName(Receiver)} object>";
}
