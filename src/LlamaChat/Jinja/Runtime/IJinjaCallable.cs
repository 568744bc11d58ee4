namespace LlamaChat.Jinja.Runtime;

/// <summary>A value templates can call: macros, global functions, bound methods, the recursive loop.</summary>
internal interface IJinjaCallable
{
    /// <summary>The Python type name used in error messages.</summary>
    string TypeName { get; }

    /// <summary>Calls the value.</summary>
    object? Invoke(RenderState state, CallArgs args);

    /// <summary>Python repr.</summary>
    string Repr();
}
