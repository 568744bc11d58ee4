namespace LlamaChat;

/// <summary>What went wrong in a Jinja template, as classified by <see cref="TemplateException"/>.</summary>
public enum TemplateErrorKind
{
    /// <summary>The template could not be compiled: bad syntax, an unknown tag, filter or test.</summary>
    Syntax,

    /// <summary>An undefined value was used in a way Jinja2 refuses (attribute access, arithmetic, calling it...).</summary>
    Undefined,

    /// <summary>The sandbox refused an operation, e.g. mutating a list with <c>append</c>.</summary>
    Sandbox,

    /// <summary>The template called <c>raise_exception(message)</c>; <see cref="TemplateException.Reason"/> holds the message verbatim.</summary>
    RaiseException,

    /// <summary>An operation got a value of the wrong type or an invalid value (Python's TypeError, ValueError, ZeroDivisionError...).</summary>
    Type,

    /// <summary>A configured safety limit was reached: recursion depth, loop iterations or output size.</summary>
    Limit,
}
