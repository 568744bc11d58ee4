namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// A render-time failure raised by value operations that do not know where in the template they run.
/// The innermost evaluating node catches it and rethrows it as a <see cref="TemplateException"/> with its position.
/// </summary>
internal sealed class JinjaRuntimeException : Exception
{
    public JinjaRuntimeException(TemplateErrorKind kind, string reason) : base(reason)
    {
        Kind = kind;
    }

    public TemplateErrorKind Kind { get; }

    public static JinjaRuntimeException Type(string reason) => new(TemplateErrorKind.Type, reason);
}
