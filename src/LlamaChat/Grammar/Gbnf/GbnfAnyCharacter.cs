namespace LlamaChat.Grammar.Gbnf;

/// <summary>The <c>.</c> wildcard: any single code point.</summary>
public sealed class GbnfAnyCharacter : GbnfExpression
{
    internal GbnfAnyCharacter(int line, int column) : base(line, column) { }
}
