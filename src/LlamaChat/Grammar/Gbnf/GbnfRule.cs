namespace LlamaChat.Grammar.Gbnf;

/// <summary>One rule definition <c>name ::= body</c>.</summary>
public sealed class GbnfRule
{
    internal GbnfRule(string name, GbnfAlternatives body, int line, int column)
    {
        Name = name;
        Body = body;
        Line = line;
        Column = column;
    }

    /// <summary>The rule name (letters, digits and <c>-</c>).</summary>
    public string Name { get; }

    /// <summary>The rule body.</summary>
    public GbnfAlternatives Body { get; }

    /// <summary>The 1-based line of the definition.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the definition.</summary>
    public int Column { get; }
}
