namespace LlamaChat.Jinja.Parsing;

/// <summary>One token: its kind, its text (unescaped for strings), its numeric value, and where it starts.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, object? Number, int Line, int Column)
{
    public bool IsName(string name) => Kind == TokenKind.Name && Value == name;

    public bool IsOperator(string op) => Kind == TokenKind.Operator && Value == op;

    /// <summary>How Jinja2 names the token in syntax errors.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Eof => "end of template",
        TokenKind.BlockBegin => "begin of statement block",
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableBegin => "begin of print statement",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.Data => "template data / text",
        TokenKind.String => "string",
        TokenKind.Integer => "integer",
        TokenKind.Float => "float",
        _ => Value,
    };
}
