namespace LlamaChat.Grammar.Gbnf;

/// <summary>A quoted literal such as <c>"yes"</c>, with its escapes decoded.</summary>
public sealed class GbnfLiteral : GbnfExpression
{
    internal GbnfLiteral(string value, int line, int column) : base(line, column) => Value = value;

    /// <summary>The decoded text the literal matches (may be empty).</summary>
    public string Value { get; }
}
