namespace LlamaChat.Grammar.Gbnf;

/// <summary>A parenthesized group <c>( ... )</c>. Inside a group, alternatives may span several lines.</summary>
public sealed class GbnfGroup : GbnfExpression
{
    internal GbnfGroup(GbnfAlternatives body, int line, int column) : base(line, column) => Body = body;

    /// <summary>The group's alternatives.</summary>
    public GbnfAlternatives Body { get; }
}
