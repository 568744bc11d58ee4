using LlamaChat.Models;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Turns a chat format's trigger texts into <see cref="StopTrigger"/>s: plain text is matched as characters; special-token
/// text is tokenized, its control tokens matched by id and the rest as characters; built-in special tokens by id.
/// </summary>
internal static class TriggerCompiler
{
    public static StopTrigger? Compile(LlamaText text, LlamaModel model, object tag)
    {
        var parts = new List<object>();
        foreach (var value in text.Values)
        {
            switch (value.Kind)
            {
                case LlamaTextValueKind.Text:
                    parts.Add(value.Text);
                    break;
                case LlamaTextValueKind.SpecialTokensText:
                    // Control tokens have no text when generated, so they are matched by id; the text between them by text.
                    foreach (var token in model.Tokenize(value.Text, specialTokens: true))
                    {
                        if (model.IsSpecialToken(token) && model.Detokenize([token]).Length == 0) parts.Add(token);
                        else parts.Add(model.Detokenize([token], specialTokens: true));
                    }
                    break;
                case LlamaTextValueKind.SpecialToken:
                    if (model.GetSpecialToken(value.Token) is not { } id) return null; // the model lacks it: nothing to match
                    parts.Add(id);
                    break;
            }
        }
        return parts.Any(p => p is int || ((string)p).Length > 0) ? new StopTrigger(parts, tag) : null;
    }

    /// <summary>The generated tokens as text the chat format would render: special tokens as special-token text.</summary>
    public static LlamaText FromTokens(LlamaModel model, IReadOnlyList<int> tokens)
    {
        var parts = new List<LlamaText>();
        var plain = new List<int>();
        void FlushPlain()
        {
            if (plain.Count == 0) return;
            parts.Add(model.Detokenize(plain.ToArray()));
            plain.Clear();
        }
        foreach (var token in tokens)
        {
            if ((model.GetTokenAttributes(token) & TokenAttributes.Control) != 0)
            {
                FlushPlain();
                parts.Add(new SpecialTokensText(model.Detokenize([token], specialTokens: true)));
            }
            else plain.Add(token);
        }
        FlushPlain();
        return new LlamaText(parts);
    }
}
