using LlamaChat.Jinja.Filters;
using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

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
        if (Function is null)
        {
            if (state.ConstantMode) throw new ConstantFolding.ImpossibleException();
            throw Error(TemplateErrorKind.Syntax, $"No test named '{Name}' found.");
        }
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
