namespace LlamaChat;

/// <summary>
/// A Jinja template failed to compile or to render. <see cref="Line"/> and <see cref="Column"/> locate the
/// failing construct in the template source (1-based; 0 when unknown), <see cref="Kind"/> classifies the failure
/// and <see cref="Reason"/> holds the bare description without location (for <c>raise_exception</c>, exactly the
/// message the template passed).
/// </summary>
public class TemplateException : LlamaChatException
{
    /// <summary>Creates a template error.</summary>
    /// <param name="kind">What kind of failure this is.</param>
    /// <param name="reason">The bare description of the failure, without location.</param>
    /// <param name="line">1-based line in the template source, 0 when unknown.</param>
    /// <param name="column">1-based column in the template source, 0 when unknown.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public TemplateException(TemplateErrorKind kind, string reason, int line, int column, Exception? innerException = null)
        : base(Describe(kind, reason, line, column), innerException)
    {
        Kind = kind;
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>What kind of failure this is.</summary>
    public TemplateErrorKind Kind { get; }

    /// <summary>The bare description of the failure without location; for <c>raise_exception</c> the template's message verbatim.</summary>
    public string Reason { get; }

    /// <summary>1-based line of the failing construct in the template source, 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the failing construct in the template source, 0 when unknown.</summary>
    public int Column { get; }

    private static string Describe(TemplateErrorKind kind, string reason, int line, int column)
    {
        var where = line > 0 ? $" (template line {line}, column {column})" : "";
        var hint = kind switch
        {
            TemplateErrorKind.Syntax => " Fix the template source.",
            TemplateErrorKind.RaiseException => "",
            TemplateErrorKind.Limit => " Raise the limit in JinjaOptions if the template is legitimate.",
            TemplateErrorKind.Undefined => " Pass the missing variable or guard it with 'is defined'.",
            _ => "",
        };
        if (kind == TemplateErrorKind.RaiseException) return $"The template raised an exception: {reason}{where}";
        string separator = hint.Length > 0 && !reason.EndsWith('.') ? "." : "";
        return $"Jinja template {KindName(kind)} error{where}: {reason}{separator}{hint}";
    }

    private static string KindName(TemplateErrorKind kind) => kind switch
    {
        TemplateErrorKind.Syntax => "syntax",
        TemplateErrorKind.Undefined => "undefined-value",
        TemplateErrorKind.Sandbox => "sandbox",
        TemplateErrorKind.Type => "type",
        TemplateErrorKind.Limit => "limit",
        _ => kind.ToString(),
    };
}
