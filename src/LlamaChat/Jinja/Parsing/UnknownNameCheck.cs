using LlamaChat.Jinja.Nodes;

namespace LlamaChat.Jinja.Parsing;

/// <summary>
/// Reports unknown filters and tests the way Jinja2 3.x does: at compile time, except inside an <c>if</c>
/// statement (its tests and bodies, not nested loops, macros or blocks) or an inline <c>if</c> expression,
/// where the error is raised only if that code runs.
/// </summary>
internal static class UnknownNameCheck
{
    public static void Run(Stmt[] body) => Body(body, soft: false);

    private static void Body(Stmt[] body, bool soft)
    {
        foreach (var stmt in body) Statement(stmt, soft);
    }

    private static void Statement(Stmt stmt, bool soft)
    {
        switch (stmt)
        {
            case OutputStmt output:
                foreach (var part in output.Parts)
                {
                    if (part is Expr e) Expression(e, soft);
                }
                break;
            case IfStmt ifStmt:
                foreach (var test in ifStmt.Tests) Expression(test, true);
                foreach (var branch in ifStmt.Bodies) Body(branch, true);
                Body(ifStmt.ElseBody, true);
                break;
            case ForStmt forStmt:
                Expression(forStmt.Iterable, soft);
                if (forStmt.Test is not null) Expression(forStmt.Test, false);
                Body(forStmt.Body, false);
                Body(forStmt.ElseBody, false);
                break;
            case SetStmt set:
                Expression(set.Value, soft);
                break;
            case SetBlockStmt setBlock:
                if (setBlock.Filter is not null) Expression(setBlock.Filter, false);
                Body(setBlock.Body, false);
                break;
            case MacroStmt macro:
                Macro(macro.Definition);
                break;
            case CallBlockStmt call:
                Expression(call.Call, soft);
                Macro(call.Caller);
                break;
            case FilterBlockStmt filter:
                Expression(filter.Filter, false);
                Body(filter.Body, false);
                break;
            case WithStmt with:
                foreach (var value in with.Values) Expression(value, soft);
                Body(with.Body, false);
                break;
            case ScopeStmt scope:
                Body(scope.Body, false);
                break;
        }
    }

    private static void Macro(MacroDefinition definition)
    {
        foreach (var d in definition.Defaults)
        {
            if (d is not null) Expression(d, false);
        }
        Body(definition.Body, false);
    }

    private static void Expression(Expr expr, bool soft)
    {
        if (soft) return;
        var deferred = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        expr.Walk(e =>
        {
            if (e is CondExpr cond && !deferred.Contains(cond)) cond.Walk(inner => deferred.Add(inner));
        });
        expr.Walk(e =>
        {
            if (deferred.Contains(e)) return;
            switch (e)
            {
                case FilterExpr { Function: null } f:
                    throw new TemplateException(TemplateErrorKind.Syntax, $"No filter named '{f.Name}'.", f.Line, f.Column);
                case TestExpr { Function: null } t:
                    throw new TemplateException(TemplateErrorKind.Syntax, $"No test named '{t.Name}'.", t.Line, t.Column);
            }
        });
    }
}
