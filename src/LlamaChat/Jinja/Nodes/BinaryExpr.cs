using System.Text;
using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>An arithmetic operation <c>a + b</c>, <c>a // b</c>...</summary>
internal sealed class BinaryExpr : Expr
{
    public BinaryExpr(BinaryOp op, Expr left, Expr right, int line, int column) : base(line, column)
    {
        Op = op;
        Left = left;
        Right = right;
        if (op == BinaryOp.Add) _addChainLength = left is BinaryExpr { Op: BinaryOp.Add } inner ? inner._addChainLength + 1 : 2;
    }

    // The operands of a left-deep chain a + b + c + ...: strings are joined in one pass instead of building
    // every intermediate string. Operands are still evaluated and combined strictly left to right. Collected on
    // first use, not copied into every link: that held n²/2 references for n links (out of memory at 100,000).
    private readonly int _addChainLength;
    private Expr[]? _addChain;

    public BinaryOp Op { get; }

    public Expr Left { get; }

    public Expr Right { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        StackGuard.Check();
        if (_addChainLength > 2) return EvalAddChain(state, frame, _addChain ??= CollectAddChain());
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

    private Expr[] CollectAddChain()
    {
        var chain = new Expr[_addChainLength];
        Expr node = this;
        for (int i = chain.Length - 1; i > 0; i--)
        {
            var add = (BinaryExpr)node;
            chain[i] = add.Right;
            node = add.Left;
        }
        chain[0] = node;
        return chain;
    }

    private object? EvalAddChain(RenderState state, Frame frame, Expr[] chain)
    {
        object? acc = chain[0].Eval(state, frame);
        // Pending plain strings, joined once a non-string operand (or the end) is reached.
        string[]? parts = null;
        int count = 0;
        long length = 0;
        for (int i = 1; i < chain.Length; i++)
        {
            var next = chain[i].Eval(state, frame);
            if (next is string s && (count > 0 || acc is string))
            {
                if (count == 0)
                {
                    parts ??= new string[chain.Length];
                    parts[0] = (string)acc!;
                    length = parts[0].Length;
                    count = 1;
                }
                length += s.Length;
                if (length > state.MaxLength) throw Error(TemplateErrorKind.Limit, $"a string exceeds the output size limit of {state.MaxLength}");
                parts![count++] = s;
                continue;
            }
            if (count > 0)
            {
                acc = string.Concat(parts.AsSpan(0, count));
                count = 0;
            }
            try
            {
                acc = PyOps.Add(acc, next, state.MaxLength);
            }
            catch (JinjaRuntimeException e)
            {
                throw Error(e);
            }
        }
        return count > 0 ? string.Concat(parts.AsSpan(0, count)) : acc;
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Left.Walk(visit);
        Right.Walk(visit);
    }
}
