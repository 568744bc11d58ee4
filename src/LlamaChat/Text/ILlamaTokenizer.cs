namespace LlamaChat.Text;

/// <summary>
/// What the text layer needs from a model's tokenizer. <c>LlamaModel</c> implements it; tests may use any
/// implementation. Token ids are plain <see cref="int"/>s.
/// </summary>
public interface ILlamaTokenizer
{
    /// <summary>
    /// Tokenizes <paramref name="text"/>. With <paramref name="specialTokens"/> false, text such as
    /// <c>&lt;|im_end|&gt;</c> is tokenized as ordinary characters; with true it becomes the special token.
    /// With <paramref name="trimLeadingSpace"/> true, no leading space is added (SentencePiece adds one to the
    /// first word of a text; that is wrong for a piece that continues earlier text). Never adds BOS or EOS.
    /// </summary>
    int[] Tokenize(string text, bool specialTokens = false, bool trimLeadingSpace = false);

    /// <summary>The id of a special token, or <c>null</c> when the model has none.</summary>
    int? GetSpecialToken(SpecialToken token);

    /// <summary>
    /// Turns tokens back into text. <paramref name="lastTokens"/> are the tokens that came before, used only
    /// to get spacing right at the start (SentencePiece drops the leading space of a text's first token).
    /// </summary>
    string Detokenize(ReadOnlySpan<int> tokens, bool specialTokens = false, ReadOnlySpan<int> lastTokens = default);
}
