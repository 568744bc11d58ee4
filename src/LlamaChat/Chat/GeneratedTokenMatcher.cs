using System.Text;
using LlamaChat.Models;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Finds how many of the tokens the model generated a newly rendered text still spells out, so that they can be kept
/// instead of tokenizing the text again. Text is compared as text, however the renderer split it into plain and
/// special-tokens parts (a wrapper may write a thought's closing tag and the newline before it as one special part,
/// where the model wrote "\n\n" and the tag as two tokens). Control tokens must stay control tokens: plain text the
/// model wrote never stands in for a control token of the rendered text, nor the other way round.
/// </summary>
internal static class GeneratedTokenMatcher
{
    /// <summary>Stands in the flattened text for a <see cref="SpecialToken"/> value.</summary>
    private const char SpecialTokenMark = '\uFFFF';

    /// <returns>How many of <paramref name="generated"/> <paramref name="text"/> starts with; <paramref name="rest"/> is what follows them.</returns>
    public static int Match(LlamaModel model, IReadOnlyList<int> generated, LlamaText text, out LlamaText rest)
    {
        var flat = new Flattened(model, text);
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
        var chars = new char[16];
        int cursor = 0, kept = 0, keptCursor = 0;
        for (var i = 0; i < generated.Count; i++)
        {
            var token = generated[i];
            if ((model.GetTokenAttributes(token) & TokenAttributes.Control) != 0)
            {
                if (!flat.IsControlTokenAt(cursor, token)) break;
                cursor += flat.ControlLength(cursor);
            }
            else
            {
                var bytes = model.GetTokenBytes(token);
                if (chars.Length < bytes.Length + 4) chars = new char[bytes.Length + 4];
                var count = decoder.GetChars(bytes, chars, flush: false);
                if (!flat.IsPlainTextAt(cursor, chars.AsSpan(0, count))) break;
                cursor += count;
                if (decoder.GetCharCount([], flush: true) > 0) continue; // in the middle of a character
            }
            kept = i + 1;
            keptCursor = cursor;
        }
        rest = flat.After(keptCursor);
        return kept;
    }

    /// <summary>A rendered text as one string, with where its control tokens are.</summary>
    private sealed class Flattened
    {
        private readonly LlamaText _text;
        private readonly string _chars;
        private readonly Dictionary<int, (int Token, int Length)> _controls = new();
        private readonly bool[] _inControl;

        public Flattened(LlamaModel model, LlamaText text)
        {
            _text = text;
            var builder = new StringBuilder();
            var controls = new List<(int Start, int Token, int Length)>();
            foreach (var value in text.Values)
            {
                var start = builder.Length;
                switch (value.Kind)
                {
                    case LlamaTextValueKind.SpecialToken:
                        builder.Append(SpecialTokenMark);
                        if (model.GetSpecialToken(value.Token) is { } id) controls.Add((start, id, 1));
                        break;
                    case LlamaTextValueKind.SpecialTokensText:
                        builder.Append(value.Text);
                        controls.AddRange(ControlTokensIn(model, value.Text).Select(c => (start + c.Start, c.Token, c.Length)));
                        break;
                    default:
                        builder.Append(value.Text);
                        break;
                }
            }
            _chars = builder.ToString();
            _inControl = new bool[_chars.Length];
            for (var i = 0; i < _chars.Length; i++) _inControl[i] = _chars[i] == SpecialTokenMark;
            foreach (var (start, token, length) in controls)
            {
                _controls[start] = (token, length);
                Array.Fill(_inControl, true, start, length);
            }
        }

        public bool IsControlTokenAt(int position, int token) => _controls.TryGetValue(position, out var control) && control.Token == token;

        public int ControlLength(int position) => _controls[position].Length;

        public bool IsPlainTextAt(int position, ReadOnlySpan<char> text)
        {
            if (position + text.Length > _chars.Length || !_chars.AsSpan(position, text.Length).SequenceEqual(text)) return false;
            return Array.IndexOf(_inControl, true, position, text.Length) < 0;
        }

        /// <summary>The text after the first <paramref name="position"/> characters, each part keeping its kind.</summary>
        public LlamaText After(int position)
        {
            var values = new List<LlamaTextValue>();
            var start = 0;
            foreach (var value in _text.Values)
            {
                var length = value.Kind == LlamaTextValueKind.SpecialToken ? 1 : value.Text.Length;
                if (start >= position) values.Add(value);
                else if (start + length > position) // a text part cut in two (a special token is never cut: it is one mark)
                {
                    var tail = value.Text[(position - start)..];
                    values.Add(value.Kind == LlamaTextValueKind.Text ? LlamaTextValue.FromText(tail) : LlamaTextValue.FromSpecialTokensText(tail));
                }
                start += length;
            }
            return LlamaText.FromValues(values);
        }

        /// <summary>Where the control tokens are in special-tokens text, as llama.cpp tokenizes it.</summary>
        private static IEnumerable<(int Start, int Token, int Length)> ControlTokensIn(LlamaModel model, string text)
        {
            var searchFrom = 0;
            foreach (var token in model.Tokenize(text, specialTokens: true))
            {
                if ((model.GetTokenAttributes(token) & TokenAttributes.Control) == 0) continue;
                var tokenText = model.Detokenize([token], specialTokens: true);
                var at = tokenText.Length == 0 ? -1 : text.IndexOf(tokenText, searchFrom, StringComparison.Ordinal);
                if (at < 0) continue;
                yield return (at, token, tokenText.Length);
                searchFrom = at + tokenText.Length;
            }
        }
    }
}
