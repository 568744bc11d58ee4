namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// A character class such as <c>[a-z0-9_]</c> or <c>[^"\\]</c>: one code point from (or, when negated, not
/// from) the ranges. Like llama.cpp, an empty class <c>[]</c> or <c>[^]</c> matches the empty string.
/// </summary>
public sealed class GbnfCharacterClass : GbnfExpression
{
    internal GbnfCharacterClass(bool negated, IReadOnlyList<GbnfCharacterRange> ranges, int line, int column) : base(line, column)
    {
        Negated = negated;
        Ranges = ranges;
    }

    /// <summary>Whether the class was written with <c>^</c> and matches code points outside the ranges.</summary>
    public bool Negated { get; }

    /// <summary>The ranges, in source order.</summary>
    public IReadOnlyList<GbnfCharacterRange> Ranges { get; }
}
