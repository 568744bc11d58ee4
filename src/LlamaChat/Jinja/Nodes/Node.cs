using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A node of the compiled template tree, located in the source for error messages.</summary>
internal abstract class Node
{
    protected Node(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>Locates a position-less runtime failure at this node.</summary>
    protected TemplateException Error(JinjaRuntimeException e) => new(e.Kind, e.Message, Line, Column, e);

    protected TemplateException Error(TemplateErrorKind kind, string reason) => new(kind, reason, Line, Column);
}

/// <summary>An expression: evaluates to a value.</summary>
internal abstract class Expr : Node
{
    protected Expr(int line, int column) : base(line, column) { }

    public abstract object? Eval(RenderState state, Frame frame);

    /// <summary>Calls <paramref name="visit"/> on this node and every expression nested in it.</summary>
    public virtual void Walk(Action<Expr> visit) => visit(this);
}

/// <summary>
/// Turns a stack about to overflow (a pathologically deep expression such as 100,000 chained <c>+</c>) into a
/// catchable error instead of a process crash.
/// </summary>
internal static class StackGuard
{
    public static void Check() => System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
}

/// <summary>What a statement asks the enclosing loop to do next.</summary>
internal enum Flow
{
    Normal,
    Break,
    Continue,
}

/// <summary>A statement: writes output or changes variables.</summary>
internal abstract class Stmt : Node
{
    protected Stmt(int line, int column) : base(line, column) { }

    public abstract Flow Execute(RenderState state, Frame frame);

    /// <summary>Calls <paramref name="visit"/> on every expression in this statement and nested statements.</summary>
    public abstract void Walk(Action<Expr> visit);

    public static Flow ExecuteBody(Stmt[] body, RenderState state, Frame frame)
    {
        for (int i = 0; i < body.Length; i++)
        {
            var flow = body[i].Execute(state, frame);
            if (flow != Flow.Normal) return flow;
        }
        return Flow.Normal;
    }

    public static void WalkBody(Stmt[] body, Action<Expr> visit)
    {
        foreach (var stmt in body) stmt.Walk(visit);
    }
}
