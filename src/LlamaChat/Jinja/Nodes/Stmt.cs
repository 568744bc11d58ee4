using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

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

    /// <summary>Writes <paramref name="value"/> as text; a failure (such as the output limit) is located at this statement.</summary>
    protected void WriteValue(RenderState state, object? value)
    {
        try
        {
            state.Write(PyStr.Str(value));
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
    }

    public static void WalkBody(Stmt[] body, Action<Expr> visit)
    {
        foreach (var stmt in body) stmt.Walk(visit);
    }
}
