using System.Text;

namespace LlamaChat.Text;

/// <summary>
/// Finds triggers in a stream of generated tokens, matching text and token ids at once with a trie. It also
/// tells how much of the text is safe to show: text that may be the start of a trigger is held back until the
/// trigger completes or fails.
/// </summary>
public sealed class StopTriggerDetector
{
    private readonly Node _root = new();
    private readonly StringBuilder _text = new();
    private readonly List<int> _tokenStarts = [];
    private List<Partial> _partials = [];

    /// <summary>Creates a detector for <paramref name="triggers"/>.</summary>
    public StopTriggerDetector(IEnumerable<StopTrigger>? triggers = null)
    {
        if (triggers is not null) foreach (var trigger in triggers) Add(trigger);
    }

    /// <summary>Adds a trigger (it applies to tokens pushed from now on).</summary>
    public void Add(StopTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var node = _root;
        foreach (var part in trigger.Parts)
        {
            if (part is int token) node = node.TokenChild(token);
            else foreach (var c in (string)part) node = node.CharChild(c);
        }
        node.Completed ??= [];
        node.Completed.Add(trigger);
    }

    /// <summary>All text pushed so far.</summary>
    public string Text => _text.ToString();

    /// <summary>The text pushed so far from <paramref name="start"/> to <paramref name="end"/> (without copying the rest).</summary>
    public string Slice(int start, int end) => _text.ToString(start, end - start);

    /// <summary>The text from <paramref name="start"/> to its end.</summary>
    public string Slice(int start) => Slice(start, _text.Length);

    /// <summary>One character of the text pushed so far.</summary>
    public char this[int index] => _text[index];

    /// <summary>Length of the text pushed so far.</summary>
    public int TextLength => _text.Length;

    /// <summary>
    /// The text before this index cannot be part of a trigger any more: show it. Text after it might still
    /// become a trigger.
    /// </summary>
    public int SafeTextEnd
    {
        get
        {
            var end = _text.Length;
            foreach (var partial in _partials) end = Math.Min(end, partial.Start);
            return end;
        }
    }

    /// <summary>
    /// Pushes a generated token (its id, or <c>null</c> for text that is not one whole token, e.g. several tokens
    /// merged to complete a character) with its text, and returns the earliest trigger it completes, if any.
    /// </summary>
    public StopTriggerMatch? Push(int? token, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokenIndex = _tokenStarts.Count;
        var tokenStart = _text.Length;
        _tokenStarts.Add(tokenStart);
        _text.Append(text);

        var next = new List<Partial>();
        StopTriggerMatch? best = null;

        void Consider(Node node, int start, int startToken, int end)
        {
            if (node.Completed is { Count: > 0 } done && (best is null || start < best.Start))
                best = new StopTriggerMatch(done[0], start, end, startToken);
        }

        // Matches in progress, plus one starting at this token.
        for (var c = 0; c <= _partials.Count; c++)
        {
            var (node, start, startToken) = c < _partials.Count
                ? (_partials[c].Node, _partials[c].Start, _partials[c].StartToken)
                : (_root, tokenStart, tokenIndex);
            if (token is { } id && node.Tokens?.TryGetValue(id, out var byToken) == true)
            {
                Consider(byToken, start, startToken, _text.Length);
                if (byToken.HasChildren) next.Add(new Partial(byToken, start, startToken));
            }
            // Text: continue character by character through this token's text.
            var current = node;
            var i = tokenStart;
            for (; i < _text.Length && current.Chars?.TryGetValue(_text[i], out var child) == true; i++)
            {
                current = child;
                Consider(current, start, startToken, i + 1);
            }
            if (i == _text.Length && current != node && current.HasChildren) next.Add(new Partial(current, start, startToken));
        }
        // A trigger may also start inside this token's text, after its first character.
        for (var s = tokenStart + 1; s < _text.Length; s++)
        {
            var current = _root;
            var i = s;
            for (; i < _text.Length && current.Chars?.TryGetValue(_text[i], out var child) == true; i++)
            {
                current = child;
                Consider(current, s, tokenIndex, i + 1);
            }
            if (i == _text.Length && current != _root && current.HasChildren) next.Add(new Partial(current, s, tokenIndex));
        }
        _partials = next;
        return best;
    }

    /// <summary>Forgets partial matches (e.g. after the generation loop switched modes).</summary>
    public void ClearPartialMatches() => _partials = [];

    private sealed record Partial(Node Node, int Start, int StartToken);

    private sealed class Node
    {
        public Dictionary<char, Node>? Chars;
        public Dictionary<int, Node>? Tokens;
        public List<StopTrigger>? Completed;

        public bool HasChildren => Chars is { Count: > 0 } || Tokens is { Count: > 0 };

        public Node CharChild(char c)
        {
            Chars ??= [];
            if (!Chars.TryGetValue(c, out var child)) Chars[c] = child = new Node();
            return child;
        }

        public Node TokenChild(int token)
        {
            Tokens ??= [];
            if (!Tokens.TryGetValue(token, out var child)) Tokens[token] = child = new Node();
            return child;
        }
    }
}
