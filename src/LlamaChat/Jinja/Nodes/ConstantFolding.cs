using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary>
/// Jinja2 evaluates a <c>{{ expression }}</c> made only of constants when it compiles the template. The result is
/// the same as at render time except in one corner: a constant slice goes through the lenient getitem, so
/// <c>{{ (1)[1:] }}</c> prints "" while <c>{{ x[1:] }}</c> with an int <c>x</c> raises. Folding here reproduces that
/// (and saves the work at render time).
/// </summary>
internal static class ConstantFolding
{
    /// <summary>Filters Jinja2 never folds because they need the render context.</summary>
    private static readonly HashSet<string> ContextFilters = ["map", "select", "reject", "selectattr", "rejectattr", "random"];

    public static bool NeedsContext(string filter) => ContextFilters.Contains(filter);

    /// <summary>Thrown while folding when the expression is not constant (Jinja2's <c>Impossible</c>).</summary>
    public sealed class ImpossibleException : Exception
    {
    }

    /// <summary>
    /// Folds a whole <c>{{ expression }}</c> to its text when it is constant (Jinja2's compiler does this for
    /// output without further conditions); false when it is not constant or fails.
    /// </summary>
    public static bool TryFoldOutput(Expr expr, RenderState constantState, out string text)
    {
        text = "";
        if (expr is ConstExpr { Value: string s })
        {
            text = s;
            return true;
        }
        if (!MayBeConstant(expr) || !TryEvaluate(expr, constantState, out var value)) return false;
        try
        {
            using var limit = PyStr.LimitLength(constantState.MaxLength);
            text = PyStr.Str(value);
            return true;
        }
        catch (JinjaRuntimeException)
        {
            // Too long to fold: rendering reports it with its location.
            return false;
        }
    }

    /// <summary>
    /// Jinja2's optimizer: replaces a constant sub-expression by its value when that value has a literal form
    /// (None, bool, numbers, strings, and lists, tuples and dicts of those).
    /// </summary>
    public static Expr FoldSubexpression(Expr expr, RenderState constantState)
    {
        if (expr is ConstExpr or NameExpr or CallExpr || !MayBeConstant(expr)) return expr;
        if (!TryEvaluate(expr, constantState, out var value) || !HasSafeRepr(value, 0)) return expr;
        return new ConstExpr(value, expr.Line, expr.Column);
    }

    /// <summary>
    /// Beyond this many nested sub-expressions that are constant but were not folded (their value has no literal
    /// form, or evaluating it failed), an expression is left to render time: each fold attempt re-evaluates them all,
    /// which made a chain like <c>(1).a.a.a…</c> quadratic to compile. Real templates never come close.
    /// </summary>
    private const int MaxUnfoldedDepth = 32;

    /// <summary>A cheap pre-check so that obviously variable expressions are not evaluated (and do not throw).</summary>
    private static bool MayBeConstant(Expr? e)
    {
        if (e is null or ConstExpr) return true;
        if (e.FoldDepth == 0)
        {
            // Sub-expressions were folded (and their verdict kept) before their parent, so this rarely recurses.
            StackGuard.Check();
            e.FoldDepth = ComputeFoldDepth(e);
        }
        return e.FoldDepth > 0;
    }

    private static int ComputeFoldDepth(Expr e)
    {
        int deepest = 0;
        bool may = e switch
        {
            NameExpr or CallExpr => false,
            CondExpr c => May(c.Test) && (May(c.WhenTrue) || May(c.WhenFalse)),
            LogicalExpr l => May(l.Left),
            BinaryExpr b => May(b.Left) && May(b.Right),
            UnaryExpr u => May(u.Operand),
            NotExpr n => May(n.Operand),
            CompareExpr c => May(c.First) && c.Rest.All(r => May(r.Operand)),
            ConcatExpr c => c.Items.All(May),
            ListExpr l => l.Items.All(May),
            TupleExpr t => t.Items.All(May),
            DictExpr d => d.Pairs.All(p => May(p.Key) && May(p.Value)),
            FilterExpr f => f.Function is not null && f.Operand is not null && !NeedsContext(f.Name) && May(f.Operand) && ArgsMay(f.Args),
            TestExpr t => t.Function is not null && May(t.Operand) && ArgsMay(t.Args),
            GetattrExpr g => May(g.Object),
            GetitemExpr g => May(g.Object) && May(g.Key),
            SliceExpr s => May(s.Start) && May(s.Stop) && May(s.Step),
            _ => false,
        };
        return may && deepest < MaxUnfoldedDepth ? deepest + 1 : -1;

        bool May(Expr? child)
        {
            if (!MayBeConstant(child)) return false;
            if (child is not null and not ConstExpr) deepest = Math.Max(deepest, child.FoldDepth);
            return true;
        }

        bool ArgsMay(ArgumentList args) =>
            args.Positional.All(May) && args.Named.All(n => May(n.Value)) && May(args.DynArgs) && May(args.DynKwargs);
    }

    private static bool TryEvaluate(Expr expr, RenderState constantState, out object? value)
    {
        try
        {
            using var limit = PyStr.LimitLength(constantState.MaxLength);
            value = expr.Eval(constantState, new Frame((Frame?)null));
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not constant, or fails: evaluate at render time, where the same error (if any) will surface. That
            // includes an engine bug (a raw .NET exception): Render reports it as a TemplateException, while here it
            // escaped Compile as is.
            value = null;
            return false;
        }
    }

    private static bool HasSafeRepr(object? value, int depth) => depth < 64 && value switch
    {
        null or bool or long or double or string or Values.Markup => true,
        Values.PyIterable { TypeName: "range" } => true,
        Values.PyTuple t => t.Items.All(x => HasSafeRepr(x, depth + 1)),
        List<object?> l => l.All(x => HasSafeRepr(x, depth + 1)),
        Values.PyDict d => d.Pairs.All(p => HasSafeRepr(p.Key, depth + 1) && HasSafeRepr(p.Value, depth + 1)),
        _ => false,
    };
}
