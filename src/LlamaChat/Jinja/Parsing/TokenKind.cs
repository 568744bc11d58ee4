namespace LlamaChat.Jinja.Parsing;

/// <summary>The kinds of tokens the lexer produces.</summary>
internal enum TokenKind
{
    Data,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    Eof,
}
