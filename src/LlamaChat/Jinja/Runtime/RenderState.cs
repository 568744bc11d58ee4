using System.Text;

namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// Everything one render needs besides the compiled tree: the output buffer, the limits and their counters,
/// and the clock. Created per render, so a compiled template can be rendered from many threads at once.
/// </summary>
internal sealed class RenderState
{
    private readonly JinjaOptions _options;
    private DateTime? _now;

    public RenderState(JinjaOptions options)
    {
        _options = options;
        Output = new StringBuilder(1024);
        MaxLength = options.MaxOutputLength;
    }

    public StringBuilder Output { get; private set; }

    /// <summary>
    /// Set while the compiler folds a constant <c>{{ expression }}</c>, as Jinja2's optimizer does: variables and
    /// calls are then impossible, and a failing slice gives Undefined instead of raising.
    /// </summary>
    public bool ConstantMode { get; init; }

    /// <summary>The longest string, list or output the render may produce.</summary>
    public long MaxLength { get; }

    public JinjaOptions Options => _options;

    /// <summary>The current call depth of macros and recursive loops.</summary>
    public int Depth { get; private set; }

    private long _iterations;

    /// <summary>The local time strftime_now formats, read once per render so one render sees one instant.</summary>
    public DateTime Now => _now ??= (_options.Clock?.Invoke() ?? DateTimeOffset.Now).DateTime;

    public void Write(string text)
    {
        if (Output.Length + (long)text.Length > MaxLength) ThrowOutputLimit();
        Output.Append(text);
    }

    private void ThrowOutputLimit() =>
        throw new JinjaRuntimeException(TemplateErrorKind.Limit, $"the output exceeds the limit of {MaxLength} characters (JinjaOptions.MaxOutputLength)");

    /// <summary>Redirects output into a fresh buffer; returns the buffer to restore with <see cref="EndCapture"/>.</summary>
    public StringBuilder BeginCapture()
    {
        var previous = Output;
        Output = new StringBuilder();
        return previous;
    }

    public string EndCapture(StringBuilder previous)
    {
        var text = Output.ToString();
        Output = previous;
        return text;
    }

    /// <summary>Counts one loop iteration against the limit.</summary>
    public void Tick()
    {
        if (++_iterations > _options.MaxLoopIterations)
        {
            throw new JinjaRuntimeException(TemplateErrorKind.Limit, $"more than {_options.MaxLoopIterations} loop iterations and macro calls in one render (JinjaOptions.MaxLoopIterations)");
        }
    }

    public void Enter()
    {
        // A macro calling itself twice per call stays shallow but makes 2^depth calls: count calls like iterations.
        Tick();
        if (++Depth > _options.MaxRecursionDepth)
        {
            Depth--;
            throw new JinjaRuntimeException(TemplateErrorKind.Limit, $"macro or loop recursion deeper than {_options.MaxRecursionDepth} (JinjaOptions.MaxRecursionDepth)");
        }
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (InsufficientExecutionStackException)
        {
            Depth--;
            throw new JinjaRuntimeException(TemplateErrorKind.Limit, "the template recursed too deeply for the thread's stack; lower JinjaOptions.MaxRecursionDepth");
        }
    }

    public void Exit() => Depth--;
}
