using System.Text;
using LlamaChat.History;

namespace LlamaChat.Chat;

/// <summary>
/// Builds a model response while it is generated: main-answer text, and thought/comment segments with their times
/// and token counts. Sends every piece to the streaming callbacks as it arrives.
/// </summary>
internal sealed class ResponseAssembler
{
    private readonly List<ChatModelResponseItem> _items;
    private readonly GenerateResponseOptions _options;
    private readonly StringBuilder _text = new();
    private OpenSegmentState? _segment;
    private string _unstreamedWhitespace = ""; // at the end of the answer text: streamed only if more text follows

    private sealed class OpenSegmentState(ChatModelSegmentType type, string text, DateTimeOffset? start)
    {
        public ChatModelSegmentType Type { get; } = type;
        public StringBuilder Text { get; } = new(text);
        public DateTimeOffset? Start { get; } = start;
        public int Tokens { get; set; }
    }

    public ResponseAssembler(IReadOnlyList<ChatModelResponseItem> existing, GenerateResponseOptions options)
    {
        _options = options;
        _items = [.. existing];
        // Continue an unfinished segment or text item that the history's model turn ends with.
        if (_items.Count > 0 && _items[^1] is ChatModelSegment { Ended: false } open)
        {
            _items.RemoveAt(_items.Count - 1);
            _segment = new OpenSegmentState(open.SegmentType, open.Text, open.StartTime);
        }
        else if (_items.Count > 0 && _items[^1] is ChatModelText text)
        {
            _items.RemoveAt(_items.Count - 1);
            _text.Append(text.Text);
        }
    }

    /// <summary>Whether nothing at all is in the response yet.</summary>
    public bool IsEmpty => _items.Count == 0 && _text.Length == 0 && _segment is null;

    /// <summary>The open segment's type, or null while writing the main answer.</summary>
    public ChatModelSegmentType? OpenSegmentType => _segment?.Type;

    /// <summary>Tokens spent in the open segment.</summary>
    public int OpenSegmentTokens => _segment?.Tokens ?? 0;

    public void Append(string text, IReadOnlyList<int> tokens)
    {
        if (text.Length == 0 && tokens.Count == 0) return;
        if (_segment is { } segment)
        {
            segment.Text.Append(text);
            segment.Tokens += tokens.Count;
            _options.OnResponseChunk?.Invoke(new ResponseChunk { Text = text, Tokens = tokens, SegmentType = segment.Type });
            return;
        }
        if (text.Length > 0) StreamUnstreamedWhitespace();
        _text.Append(text);
        if (text.Length > 0) _options.OnTextChunk?.Invoke(text);
        if (tokens.Count > 0) _options.OnToken?.Invoke(tokens);
        _options.OnResponseChunk?.Invoke(new ResponseChunk { Text = text, Tokens = tokens });
    }

    /// <summary>
    /// Appends text the caller gave (a response prefix) whose trailing whitespace is streamed only once more text
    /// follows, since trimming the answer's end may remove it.
    /// </summary>
    public void AppendWithTrailingWhitespaceHeld(string text)
    {
        var body = text.TrimEnd();
        Append(body, []);
        _text.Append(text, body.Length, text.Length - body.Length);
        _unstreamedWhitespace = text[body.Length..];
    }

    private void StreamUnstreamedWhitespace()
    {
        if (_unstreamedWhitespace.Length == 0) return;
        var whitespace = _unstreamedWhitespace;
        _unstreamedWhitespace = "";
        _options.OnTextChunk?.Invoke(whitespace);
        _options.OnResponseChunk?.Invoke(new ResponseChunk { Text = whitespace, Tokens = [] });
    }

    public void OpenSegment(ChatModelSegmentType type)
    {
        if (_segment is not null) CloseSegment(ended: true);
        StreamUnstreamedWhitespace(); // not the answer's end: a segment follows
        FlushText();
        var start = Now();
        _segment = new OpenSegmentState(type, "", start);
        _options.OnResponseChunk?.Invoke(new ResponseChunk { Text = "", SegmentType = type, SegmentStartTime = start });
    }

    public void CloseSegment(bool ended)
    {
        if (_segment is not { } segment) return;
        var end = Now();
        _items.Add(new ChatModelSegment(segment.Type, segment.Text.ToString(), ended) { StartTime = segment.Start, EndTime = ended ? end : null });
        _segment = null;
        if (ended)
            _options.OnResponseChunk?.Invoke(new ResponseChunk { Text = "", SegmentType = segment.Type, SegmentEndTime = end });
    }

    /// <summary>Removes trailing whitespace from the main answer.</summary>
    public void TrimTrailingWhitespace()
    {
        var length = _text.Length;
        while (length > 0 && char.IsWhiteSpace(_text[length - 1])) length--;
        _text.Length = length;
        _unstreamedWhitespace = "";
    }

    /// <summary>The response so far; an open segment is included as not ended.</summary>
    public ChatModelResponse ToResponse()
    {
        var items = new List<ChatModelResponseItem>(_items);
        if (_text.Length > 0) items.Add(new ChatModelText(_text.ToString()));
        if (_segment is { } segment)
            items.Add(new ChatModelSegment(segment.Type, segment.Text.ToString(), false) { StartTime = segment.Start });
        return new ChatModelResponse(items);
    }

    /// <summary>The time in UTC to the millisecond: what the history's JSON keeps, so a saved history compares equal.</summary>
    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private void FlushText()
    {
        if (_text.Length == 0) return;
        _items.Add(new ChatModelText(_text.ToString()));
        _text.Clear();
    }
}
