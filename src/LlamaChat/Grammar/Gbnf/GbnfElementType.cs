namespace LlamaChat.Grammar.Gbnf;

/// <summary>The kinds of element in llama.cpp's flattened rule encoding, which the managed matcher mirrors.</summary>
internal enum GbnfElementType : byte
{
    End,
    Alternative,
    RuleReference,
    Char,
    CharNot,
    CharRangeUpper,
    CharAlternative,
    CharAny,
    Token,
    TokenNot,
}
