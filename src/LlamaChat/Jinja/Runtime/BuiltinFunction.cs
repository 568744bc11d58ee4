namespace LlamaChat.Jinja.Runtime;

/// <summary>A global function implemented in C# (range, namespace, raise_exception...).</summary>
internal sealed class BuiltinFunction : IJinjaCallable
{
    private readonly Func<RenderState, CallArgs, object?> _body;

    public BuiltinFunction(string name, Func<RenderState, CallArgs, object?> body)
    {
        Name = name;
        _body = body;
    }

    public string Name { get; }

    public string TypeName => "builtin_function_or_method";

    public object? Invoke(RenderState state, CallArgs args) => _body(state, args);

    public string Repr() => $"<built-in function {Name}>";
}
