using System.Text;

namespace LlamaChat.Text;

/// <summary>
/// Turns a stream of token byte pieces into text without breaking characters: a token that ends in the middle of
/// a UTF-8 character gives no text until the token that completes it.
/// </summary>
public sealed class Utf8TokenDecoder
{
    private readonly List<byte> _pending = [];

    /// <summary>Whether bytes of an unfinished character are waiting.</summary>
    public bool HasPendingBytes => _pending.Count > 0;

    /// <summary>Decodes the next token's bytes; returns the characters completed by them (possibly none).</summary>
    public string Push(ReadOnlySpan<byte> bytes)
    {
        if (_pending.Count == 0 && IncompleteTailLength(bytes) == 0) return Encoding.UTF8.GetString(bytes);
        _pending.AddRange(bytes);
        var all = _pending.ToArray();
        var complete = all.Length - IncompleteTailLength(all);
        var text = Encoding.UTF8.GetString(all, 0, complete);
        _pending.RemoveRange(0, complete);
        return text;
    }

    /// <summary>Ends the stream: unfinished bytes become U+FFFD.</summary>
    public string Flush()
    {
        var text = Encoding.UTF8.GetString(_pending.ToArray());
        _pending.Clear();
        return text;
    }

    /// <summary>How many bytes at the end start a character that needs more bytes than are there.</summary>
    private static int IncompleteTailLength(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead byte
            var length = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return length > back ? back : 0;
        }
        return 0;
    }
}
