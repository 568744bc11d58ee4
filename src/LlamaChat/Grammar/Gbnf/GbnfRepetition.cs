namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// A repeated item: <c>x*</c> (0..∞), <c>x+</c> (1..∞), <c>x?</c> (0..1), <c>x{m}</c>, <c>x{m,}</c>, <c>x{m,n}</c>.
/// As in llama.cpp, bounds are at most 2000 (the maximum 18446744073709551615, llama.cpp's own "none", means unbounded).
/// </summary>
public sealed class GbnfRepetition : GbnfExpression
{
    internal GbnfRepetition(GbnfExpression item, int min, int? max, int line, int column) : base(line, column)
    {
        Item = item;
        Min = min;
        Max = max;
    }

    /// <summary>The repeated item.</summary>
    public GbnfExpression Item { get; }

    /// <summary>The minimum number of repetitions.</summary>
    public int Min { get; }

    /// <summary>The maximum number of repetitions, or <c>null</c> when unbounded.</summary>
    public int? Max { get; }
}
