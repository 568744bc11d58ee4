namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// A token reference: <c>&lt;[42]&gt;</c> (by id) or <c>&lt;|im_end|&gt;</c> (by text, which must tokenize to exactly
/// one token of the model), optionally negated with <c>!</c> (any token but that one). Token references
/// constrain tokens, not text, so <see cref="GbnfMatcher"/> never matches text through them.
/// </summary>
public sealed class GbnfTokenReference : GbnfExpression
{
    internal GbnfTokenReference(long? tokenId, string? tokenText, bool negated, int line, int column) : base(line, column)
    {
        TokenId = tokenId;
        TokenText = tokenText;
        Negated = negated;
    }

    /// <summary>
    /// The token id as written for the <c>&lt;[id]&gt;</c> form, otherwise <c>null</c>. llama.cpp keeps only the
    /// low 32 bits and an id outside the vocabulary never matches, so check it against the model.
    /// </summary>
    public long? TokenId { get; }

    /// <summary>The text including the angle brackets for the <c>&lt;text&gt;</c> form, otherwise <c>null</c>.</summary>
    public string? TokenText { get; }

    /// <summary>Whether it was written with <c>!</c> (matches any token except this one).</summary>
    public bool Negated { get; }
}
