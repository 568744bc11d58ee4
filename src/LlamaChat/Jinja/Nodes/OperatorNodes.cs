using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>The arithmetic operators.</summary>
internal enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
}

/// <summary>An arithmetic operation <c>a + b</c>, <c>a // b</c>...</summary>
internal sealed class BinaryExpr : Expr
{
    public BinaryExpr(BinaryOp op, Expr left, Expr right, int line, int column) : base(line, column)
    {
        Op = op;
        Left = left;
        Right = right;
    }

    public BinaryOp Op { get; }

    public Expr Left { get; }

    public Expr Right { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var a = Left.Eval(state, frame);
        var b = Right.Eval(state, frame);
        try
        {
            return Op switch
            {
                BinaryOp.Add => PyOps.Add(a, b, state.MaxLength),
                BinaryOp.Sub => PyOps.Sub(a, b),
                BinaryOp.Mul => PyOps.Mul(a, b, state.MaxLength),
                BinaryOp.Div => PyOps.TrueDiv(a, b),
                BinaryOp.FloorDiv => PyOps.FloorDiv(a, b),
                BinaryOp.Mod => PyOps.Mod(a, b, state.MaxLength),
                _ => PyOps.Pow(a, b),
            };
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
        Left.Walk(visit);
        Right.Walk(visit);
    }
}

/// <summary>Unary minus or plus.</summary>
internal sealed class UnaryExpr : Expr
{
    public UnaryExpr(bool negate, Expr operand, int line, int column) : base(line, column)
    {
        Negate = negate;
        Operand = operand;
    }

    public bool Negate { get; }

    public Expr Operand { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var value = Operand.Eval(state, frame);
        try
        {
            return Negate ? PyOps.Negate(value) : PyOps.Plus(value);
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
    }
}

/// <summary><c>not x</c>.</summary>
internal sealed class NotExpr : Expr
{
    public NotExpr(Expr operand, int line, int column) : base(line, column) => Operand = operand;

    public Expr Operand { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        return PyOps.Box(!PyOps.IsTrue(Operand.Eval(state, frame)));
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Operand.Walk(visit);
    }
}

/// <summary><c>a and b</c> / <c>a or b</c>: short-circuit, returning an operand as Python does.</summary>
internal sealed class LogicalExpr : Expr
{
    public LogicalExpr(bool isAnd, Expr left, Expr right, int line, int column) : base(line, column)
    {
        IsAnd = isAnd;
        Left = left;
        Right = right;
    }

    public bool IsAnd { get; }

    public Expr Left { get; }

    public Expr Right { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var a = Left.Eval(state, frame);
        bool truthy = PyOps.IsTrue(a);
        if (IsAnd ? !truthy : truthy) return a;
        return Right.Eval(state, frame);
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Left.Walk(visit);
        Right.Walk(visit);
    }
}

/// <summary><c>a ~ b ~ c</c>: joins the str() of each operand.</summary>
internal sealed class ConcatExpr : Expr
{
    public ConcatExpr(Expr[] items, int line, int column) : base(line, column) => Items = items;

    public Expr[] Items { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        var sb = new StringBuilder();
        foreach (var item in Items)
        {
            string text;
            try
            {
                text = PyStr.Str(item.Eval(state, frame));
            }
            catch (JinjaRuntimeException e)
            {
                throw Error(e);
            }
            if (sb.Length + (long)text.Length > state.MaxLength) throw Error(TemplateErrorKind.Limit, $"a string exceeds the output size limit of {state.MaxLength}");
            sb.Append(text);
        }
        return sb.ToString();
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        foreach (var item in Items) item.Walk(visit);
    }
}

/// <summary>A comparison chain <c>a &lt; b &lt;= c</c>, <c>x in y</c>, <c>x not in y</c>.</summary>
internal sealed class CompareExpr : Expr
{
    public CompareExpr(Expr first, (string Op, Expr Operand)[] rest, int line, int column) : base(line, column)
    {
        First = first;
        Rest = rest;
    }

    public Expr First { get; }

    public (string Op, Expr Operand)[] Rest { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        var left = First.Eval(state, frame);
        foreach (var (op, operand) in Rest)
        {
            var right = operand.Eval(state, frame);
            bool result;
            try
            {
                result = op switch
                {
                    "in" => PyOps.Contains(right, left),
                    "notin" => !PyOps.Contains(right, left),
                    _ => PyOps.CompareOp(op, left, right),
                };
            }
            catch (JinjaRuntimeException e)
            {
                throw Error(e);
            }
            if (!result) return PyOps.False;
            left = right;
        }
        return PyOps.True;
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        First.Walk(visit);
        foreach (var (_, operand) in Rest) operand.Walk(visit);
    }
}

/// <summary><c>a if cond else b</c>; without else a false condition yields Undefined.</summary>
internal sealed class CondExpr : Expr
{
    public CondExpr(Expr test, Expr whenTrue, Expr? whenFalse, int line, int column) : base(line, column)
    {
        Test = test;
        WhenTrue = whenTrue;
        WhenFalse = whenFalse;
    }

    public Expr Test { get; }

    public Expr WhenTrue { get; }

    public Expr? WhenFalse { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        if (PyOps.IsTrue(Test.Eval(state, frame))) return WhenTrue.Eval(state, frame);
        if (WhenFalse is not null) return WhenFalse.Eval(state, frame);
        return Undefined.WithHint($"the inline if-expression on line {Line} evaluated to false and no else section was defined.");
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Test.Walk(visit);
        WhenTrue.Walk(visit);
        WhenFalse?.Walk(visit);
    }
}
