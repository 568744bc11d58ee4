namespace LlamaChat.Grammar.Gbnf;

/// <summary>One element of a flattened rule (see <see cref="GbnfElementType"/>); <see cref="Value"/> is a code point, rule id or token id.</summary>
internal readonly record struct GbnfElement(GbnfElementType Type, int Value)
{
    public bool IsEndOfAlternative => Type is GbnfElementType.End or GbnfElementType.Alternative;

    public bool IsCharStart => Type is GbnfElementType.Char or GbnfElementType.CharNot or GbnfElementType.CharAny;

    public bool IsToken => Type is GbnfElementType.Token or GbnfElementType.TokenNot;
}
