namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// A node of a parsed GBNF rule body. The concrete kinds are <see cref="GbnfAlternatives"/>,
/// <see cref="GbnfSequence"/>, <see cref="GbnfLiteral"/>, <see cref="GbnfCharacterClass"/>,
/// <see cref="GbnfAnyCharacter"/>, <see cref="GbnfRuleReference"/>, <see cref="GbnfTokenReference"/>,
/// <see cref="GbnfGroup"/> and <see cref="GbnfRepetition"/>.
/// </summary>
public abstract class GbnfExpression
{
    private protected GbnfExpression(int line, int column)
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line where the expression starts in the GBNF text.</summary>
    public int Line { get; }

    /// <summary>The 1-based column where the expression starts in the GBNF text.</summary>
    public int Column { get; }
}
