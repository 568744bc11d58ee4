using LlamaChat.Models;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Tokenizes rendered contexts so that what the model generated keeps the tokens it was generated as: when a new
/// context starts with the previous context, its tokens are reused, then as many of the generated tokens as the new
/// context still spells out, and only the rest is tokenized. Re-tokenizing an answer could give other tokens, and
/// then the KV cache could not be reused from there on. The history may also store less than was generated (trailing
/// whitespace dropped by <c>TrimWhitespaceSuffix</c>, control tokens that have no text): the generated tokens are then
/// kept up to where the texts part, and the earlier turns' tokens are kept whole.
/// </summary>
internal sealed class ContextTokenizer
{
    private readonly LlamaModel _model;
    private LlamaText? _context;
    private int[] _contextTokens = [];
    private int[] _generated = [];

    public ContextTokenizer(LlamaModel model) => _model = model;

    public int[] Tokenize(LlamaText text)
    {
        if (_context is null || !text.TryGetRestAfter(_context, out var rest)) return text.Tokenize(_model);
        var kept = GeneratedTokenMatcher.Match(_model, _generated, rest, out var afterGenerated);
        var hasTokens = _contextTokens.Length + kept > 0;
        return [.. _contextTokens, .. _generated.AsSpan(0, kept), .. afterGenerated.Tokenize(_model, trimLeadingSpace: hasTokens)];
    }

    /// <summary>
    /// Remembers that <paramref name="context"/> was evaluated as <paramref name="contextTokens"/> and that the model
    /// then generated <paramref name="generated"/>.
    /// </summary>
    public void Remember(LlamaText context, int[] contextTokens, int[] generated)
    {
        _context = context;
        _contextTokens = contextTokens;
        _generated = generated;
    }

    public void Forget()
    {
        _context = null;
        _contextTokens = [];
        _generated = [];
    }
}
