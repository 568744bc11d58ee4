namespace LlamaChat.Grammar.Gbnf;

/// <summary>Items that must match one after the other. An empty sequence matches the empty string.</summary>
public sealed class GbnfSequence : GbnfExpression
{
    internal GbnfSequence(IReadOnlyList<GbnfExpression> items, int line, int column) : base(line, column)
        => Items = items;

    /// <summary>The items, in source order.</summary>
    public IReadOnlyList<GbnfExpression> Items { get; }
}
