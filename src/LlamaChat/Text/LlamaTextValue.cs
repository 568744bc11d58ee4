namespace LlamaChat.Text;

/// <summary>
/// One part of a <see cref="LlamaText"/>: plain text, special-token text or a built-in special token.
/// </summary>
public readonly record struct LlamaTextValue
{
    private LlamaTextValue(LlamaTextValueKind kind, string text, SpecialToken token)
    {
        Kind = kind;
        Text = text;
        Token = token;
    }

    /// <summary>What this part holds.</summary>
    public LlamaTextValueKind Kind { get; }

    /// <summary>The text of a <see cref="LlamaTextValueKind.Text"/> or <see cref="LlamaTextValueKind.SpecialTokensText"/> part; empty otherwise.</summary>
    public string Text { get; }

    /// <summary>The token of a <see cref="LlamaTextValueKind.SpecialToken"/> part; meaningless otherwise.</summary>
    public SpecialToken Token { get; }

    /// <summary>Whether this part is plain text.</summary>
    public bool IsText => Kind == LlamaTextValueKind.Text;

    /// <summary>Whether this part is special-token text.</summary>
    public bool IsSpecialTokensText => Kind == LlamaTextValueKind.SpecialTokensText;

    /// <summary>Whether this part is a built-in special token.</summary>
    public bool IsSpecialToken => Kind == LlamaTextValueKind.SpecialToken;

    /// <summary>Creates a plain-text part.</summary>
    public static LlamaTextValue FromText(string text) =>
        new(LlamaTextValueKind.Text, text ?? throw new ArgumentNullException(nameof(text)), default);

    /// <summary>Creates a special-token-text part.</summary>
    public static LlamaTextValue FromSpecialTokensText(string text) =>
        new(LlamaTextValueKind.SpecialTokensText, text ?? throw new ArgumentNullException(nameof(text)), default);

    /// <summary>Creates a built-in special token part.</summary>
    public static LlamaTextValue FromSpecialToken(SpecialToken token)
    {
        if (!Enum.IsDefined(token))
            throw new ArgumentOutOfRangeException(nameof(token), token, "Unknown special token; use one of the SpecialToken enum values.");

        return new(LlamaTextValueKind.SpecialToken, "", token);
    }

    /// <summary>
    /// The text of the part; a special token is shown by its name in upper case (<c>BOS</c>, <c>EOS</c>, ...),
    /// as node-llama-cpp does.
    /// </summary>
    public override string ToString() => Kind == LlamaTextValueKind.SpecialToken ? SpecialTokenNames.ToName(Token) : Text;
}
