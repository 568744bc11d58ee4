using LlamaChat.Jinja.Filters;
using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary>
/// <c>value | name(args)</c>. The function is resolved at compile time; it is null only for an unknown filter
/// inside an <c>if</c>, which Jinja2 reports when (and only if) that code runs.
/// </summary>
internal sealed class FilterExpr : Expr
{
    public FilterExpr(Expr? operand, string name, FilterFunction? function, ArgumentList args, int line, int column) : base(line, column)
    {
        Operand = operand;
        Name = name;
        Function = function;
        Args = args;
    }

    /// <summary>The filtered expression; null for the first filter of a filter block, which filters the block's output.</summary>
    public Expr? Operand { get; }

    public string Name { get; }

    public FilterFunction? Function { get; }

    public ArgumentList Args { get; }

    public override object? Eval(RenderState state, Frame frame) => Apply(state, frame, null);

    /// <summary>Evaluates the filter chain, feeding <paramref name="blockValue"/> to the innermost filter without operand.</summary>
    public object? Apply(RenderState state, Frame frame, object? blockValue)
    {
        StackGuard.Check();
        object? value = Operand switch
        {
            null => blockValue,
            FilterExpr inner => inner.Apply(state, frame, blockValue),
            _ => Operand.Eval(state, frame),
        };
        if (Function is null) throw Error(TemplateErrorKind.Syntax, $"No filter named '{Name}' found.");
        try
        {
            var args = Args.Evaluate(state, frame);
            return Function(state, value, args);
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Operand?.Walk(visit);
        Args.Walk(visit);
    }
}

/// <summary><c>value is name(args)</c>.</summary>
internal sealed class TestExpr : Expr
{
    public TestExpr(Expr operand, string name, TestFunction? function, ArgumentList args, int line, int column) : base(line, column)
    {
        Operand = operand;
        Name = name;
        Function = function;
        Args = args;
    }

    public Expr Operand { get; }

    public string Name { get; }

    public TestFunction? Function { get; }

    public ArgumentList Args { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        var value = Operand.Eval(state, frame);
        if (Function is null) throw Error(TemplateErrorKind.Syntax, $"No test named '{Name}' found.");
        try
        {
            var args = Args.Evaluate(state, frame);
            return PyOps.Box(Function(state, value, args));
        }
        catch (JinjaRuntimeException e)
        {
            throw Error(e);
        }
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Operand.Walk(visit);
        Args.Walk(visit);
    }
}
