namespace LlamaChat.Grammar.Gbnf;

/// <summary>Alternatives separated by <c>|</c>: a rule body or the inside of a group. Any one of them matches.</summary>
public sealed class GbnfAlternatives : GbnfExpression
{
    internal GbnfAlternatives(IReadOnlyList<GbnfSequence> options, int line, int column) : base(line, column)
        => Options = options;

    /// <summary>The alternatives, in source order; an empty sequence matches the empty string.</summary>
    public IReadOnlyList<GbnfSequence> Options { get; }
}
