using LlamaChat.Jinja.Runtime;
using LlamaChat.Jinja.Values;

namespace LlamaChat.Jinja.Nodes;

/// <summary>A literal: string, number, true/false/none.</summary>
internal sealed class ConstExpr : Expr
{
    public ConstExpr(object? value, int line, int column) : base(line, column) => Value = value;

    public object? Value { get; }

    public override object? Eval(RenderState state, Frame frame) => Value;
}

/// <summary>A variable reference; an unknown name evaluates to Undefined.</summary>
internal sealed class NameExpr : Expr
{
    public NameExpr(string name, int line, int column) : base(line, column) => Name = name;

    public string Name { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        if (frame.TryGet(Name, out var value)) return value;
        return Globals.TryGet(Name, out value) ? value : Undefined.ForName(Name);
    }
}

/// <summary>A list literal <c>[a, b]</c>.</summary>
internal sealed class ListExpr : Expr
{
    public ListExpr(Expr[] items, int line, int column) : base(line, column) => Items = items;

    public Expr[] Items { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        var list = new List<object?>(Items.Length);
        foreach (var item in Items) list.Add(item.Eval(state, frame));
        return list;
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        foreach (var item in Items) item.Walk(visit);
    }
}

/// <summary>A tuple literal <c>(a, b)</c> or a bare <c>a, b</c>.</summary>
internal sealed class TupleExpr : Expr
{
    public TupleExpr(Expr[] items, int line, int column) : base(line, column) => Items = items;

    public Expr[] Items { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        if (Items.Length == 0) return PyTuple.Empty;
        var values = new object?[Items.Length];
        for (int i = 0; i < Items.Length; i++) values[i] = Items[i].Eval(state, frame);
        return new PyTuple(values);
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        foreach (var item in Items) item.Walk(visit);
    }
}

/// <summary>A dict literal <c>{'a': 1}</c>.</summary>
internal sealed class DictExpr : Expr
{
    public DictExpr((Expr Key, Expr Value)[] pairs, int line, int column) : base(line, column) => Pairs = pairs;

    public (Expr Key, Expr Value)[] Pairs { get; }

    public override object? Eval(RenderState state, Frame frame)
    {
        var dict = new PyDict(Pairs.Length);
        foreach (var (key, value) in Pairs)
        {
            var k = key.Eval(state, frame);
            var v = value.Eval(state, frame);
            try
            {
                dict.Set(k, v);
            }
            catch (JinjaRuntimeException e)
            {
                throw Error(e);
            }
        }
        return dict;
    }

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        foreach (var (key, value) in Pairs)
        {
            key.Walk(visit);
            value.Walk(visit);
        }
    }
}

/// <summary>A slice <c>start:stop:step</c> inside a subscript.</summary>
internal sealed class SliceExpr : Expr
{
    public SliceExpr(Expr? start, Expr? stop, Expr? step, int line, int column) : base(line, column)
    {
        Start = start;
        Stop = stop;
        Step = step;
    }

    public Expr? Start { get; }

    public Expr? Stop { get; }

    public Expr? Step { get; }

    public override object? Eval(RenderState state, Frame frame) =>
        new PySlice(Start?.Eval(state, frame), Stop?.Eval(state, frame), Step?.Eval(state, frame));

    public override void Walk(Action<Expr> visit)
    {
        StackGuard.Check();
        visit(this);
        Start?.Walk(visit);
        Stop?.Walk(visit);
        Step?.Walk(visit);
    }
}
