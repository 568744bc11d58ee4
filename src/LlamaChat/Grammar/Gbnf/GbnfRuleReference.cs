namespace LlamaChat.Grammar.Gbnf;

/// <summary>A reference to another rule by name.</summary>
public sealed class GbnfRuleReference : GbnfExpression
{
    internal GbnfRuleReference(string name, int line, int column) : base(line, column) => Name = name;

    /// <summary>The referenced rule's name.</summary>
    public string Name { get; }
}
