using LlamaChat.Models;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Tokenizes rendered contexts so that what the model generated keeps the tokens it was generated as: when a new
/// context starts with the previous context plus the generated answer, those tokens are reused and only the rest
/// is tokenized. Re-tokenizing the answer could give other tokens, and then the KV cache could not be reused.
/// </summary>
internal sealed class ContextTokenizer
{
    private readonly LlamaModel _model;
    private LlamaText? _lastText;
    private int[] _lastTokens = [];

    public ContextTokenizer(LlamaModel model) => _model = model;

    public int[] Tokenize(LlamaText text)
    {
        if (_lastText is not null && TryGetRest(text, _lastText, out var rest))
            return [.. _lastTokens, .. rest.Tokenize(_model, trimLeadingSpace: _lastTokens.Length > 0)];
        return text.Tokenize(_model);
    }

    /// <summary>Remembers that <paramref name="text"/> is (or was generated as) <paramref name="tokens"/>.</summary>
    public void Remember(LlamaText text, int[] tokens)
    {
        _lastText = text;
        _lastTokens = tokens;
    }

    public void Forget()
    {
        _lastText = null;
        _lastTokens = [];
    }

    /// <summary>Whether <paramref name="text"/> starts with <paramref name="prefix"/>; <paramref name="rest"/> is what follows.</summary>
    internal static bool TryGetRest(LlamaText text, LlamaText prefix, out LlamaText rest)
    {
        rest = LlamaText.Empty;
        if (prefix.Count == 0 || prefix.Count > text.Count) return false;
        for (var i = 0; i < prefix.Count - 1; i++)
            if (prefix[i] != text[i]) return false;
        var last = prefix[^1];
        var counterpart = text[prefix.Count - 1];
        if (last.Kind != counterpart.Kind) return false;
        LlamaTextValue? remainder;
        if (last.Kind == LlamaTextValueKind.SpecialToken)
        {
            if (last.Token != counterpart.Token) return false;
            remainder = null;
        }
        else
        {
            if (!counterpart.Text.StartsWith(last.Text, StringComparison.Ordinal)) return false;
            var tail = counterpart.Text[last.Text.Length..];
            remainder = tail.Length == 0 ? null
                : last.Kind == LlamaTextValueKind.Text ? LlamaTextValue.FromText(tail) : LlamaTextValue.FromSpecialTokensText(tail);
        }
        var values = new List<LlamaTextValue>();
        if (remainder is { } r) values.Add(r);
        for (var i = prefix.Count; i < text.Count; i++) values.Add(text[i]);
        rest = LlamaText.FromValues(values);
        return true;
    }
}
