using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>
/// <c>for target in iterable [if test] [recursive]</c> with an optional <c>else</c>. Each iteration runs in a
/// fresh scope, so assignments do not survive the iteration (use a namespace), as in Jinja2.
/// </summary>
internal sealed class ForStmt : Stmt
{
    public ForStmt(AssignTarget target, Expr iterable, Expr? test, bool recursive, Stmt[] body, Stmt[] elseBody, int line, int column)
        : base(line, column)
    {
        Target = target;
        Iterable = iterable;
        Test = test;
        Recursive = recursive;
        Body = body;
        ElseBody = elseBody;
    }

    public AssignTarget Target { get; }

    public Expr Iterable { get; }

    public Expr? Test { get; }

    public bool Recursive { get; }

    public Stmt[] Body { get; }

    public Stmt[] ElseBody { get; }

    public override Flow Execute(RenderState state, Frame frame)
    {
        var source = Iterable.Eval(state, frame);
        Run(state, frame, source, 0);
        return Flow.Normal;
    }

    private void Run(RenderState state, Frame frame, object? source, int depth)
    {
        IEnumerable<object?> items;
        try
        {
            items = source switch
            {
                List<object?> list => list,
                PyTuple tuple => tuple,
                PyIterable { Items: { } view } => view,
                PyDict dict => dict.Keys.ToList(),
                _ => PyOps.Iterate(source),
            };
        }
        catch (JinjaRuntimeException e)
        {
            throw new TemplateException(e.Kind, e.Message, Iterable.Line, Iterable.Column, e);
        }
        if (Test is not null) items = Filtered(state, frame, items);
        Func<object?, int, string>? recurse = Recursive ? (inner, innerDepth) => RunNested(state, frame, inner, innerDepth) : null;
        var loop = new LoopContext(items, recurse, depth);
        bool any = false;
        while (true)
        {
            object? item;
            try
            {
                if (!loop.MoveNext(out item)) break;
                state.Tick();
            }
            catch (JinjaRuntimeException e)
            {
                throw Error(e);
            }
            any = true;
            var inner = new Frame(frame);
            Target.Assign(state, inner, item);
            inner.Set("loop", loop);
            if (ExecuteBody(Body, state, inner) == Flow.Break) break;
        }
        if (!any && ElseBody.Length > 0) ExecuteBody(ElseBody, state, new Frame(frame));
    }

    private string RunNested(RenderState state, Frame frame, object? source, int depth)
    {
        try
        {
            state.Enter();
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
        var previous = state.BeginCapture();
        try
        {
            Run(state, frame, source, depth);
        }
        finally
        {
            state.Exit();
        }
        return state.EndCapture(previous);
    }

    private IEnumerable<object?> Filtered(RenderState state, Frame frame, IEnumerable<object?> items)
    {
        foreach (var item in items)
        {
            var scope = new Frame(frame);
            Target.Assign(state, scope, item);
            if (PyOps.IsTrue(Test!.Eval(state, scope))) yield return item;
        }
    }

    public override void Walk(Action<Expr> visit)
    {
        Iterable.Walk(visit);
        Test?.Walk(visit);
        WalkBody(Body, visit);
        WalkBody(ElseBody, visit);
    }
}
