namespace LlamaChat.Jinja.Nodes;

/// <summary>
/// The compiled signature and body of a macro (or of a call block's <c>caller</c>). Whether it accepts extra
/// positional or keyword arguments depends, as in Jinja2, on whether its body mentions <c>varargs</c> or <c>kwargs</c>.
/// </summary>
internal sealed class MacroDefinition
{
    public MacroDefinition(string name, string[] parameters, Expr?[] defaults, Stmt[] body)
    {
        Name = name;
        Parameters = parameters;
        Defaults = defaults;
        Body = body;
        var used = new HashSet<string>(StringComparer.Ordinal);
        Stmt.WalkBody(body, e =>
        {
            if (e is NameExpr n) used.Add(n.Name);
        });
        foreach (var d in defaults) d?.Walk(e => { if (e is NameExpr n) used.Add(n.Name); });
        CatchKwargs = used.Contains("kwargs");
        CatchVarargs = used.Contains("varargs");
        UsesCaller = used.Contains("caller");
    }

    public string Name { get; }

    public string[] Parameters { get; }

    /// <summary>One entry per parameter; null where the parameter has no default.</summary>
    public Expr?[] Defaults { get; }

    public Stmt[] Body { get; }

    public bool CatchKwargs { get; }

    public bool CatchVarargs { get; }

    public bool UsesCaller { get; }
}
