using LlamaChat.Chat;
using LlamaChat.History;

namespace LlamaChat.Cli.Chat;

/// <summary>
/// Streams a response to a text writer as it is generated: the answer as is, thoughts and comments dimmed between
/// <c>[thought]</c> … <c>[/thought]</c> markers so they stay distinguishable even without colours.
/// </summary>
public sealed class ResponseChunkWriter
{
    private const string Dim = "\u001b[2m";
    private const string NotDim = "\u001b[22m";

    private readonly TextWriter _output;
    private readonly bool _ansi;
    private bool _atLineStart = true;

    /// <param name="output">Where the response goes.</param>
    /// <param name="ansi">Whether <paramref name="output"/> understands ANSI styles.</param>
    public ResponseChunkWriter(TextWriter output, bool ansi)
    {
        _output = output;
        _ansi = ansi;
    }

    /// <summary>Whether anything has been written since the last line break (so the caller knows whether to end the line).</summary>
    public bool AtLineStart => _atLineStart;

    /// <summary>Writes one chunk.</summary>
    public void Write(ResponseChunk chunk)
    {
        if (chunk.SegmentType is not { } segment)
        {
            WriteText(chunk.Text);
            return;
        }

        var name = SegmentName(segment);
        if (_ansi) _output.Write(Dim);
        if (chunk.SegmentStartTime is not null) WriteText($"[{name}] ");
        WriteText(chunk.Text);
        if (chunk.SegmentEndTime is not null) WriteText($" [/{name}]\n");
        if (_ansi) _output.Write(NotDim);
    }

    /// <summary>Ends the current line, if one was started.</summary>
    public void EndLine()
    {
        if (!_atLineStart) WriteText("\n");
    }

    private void WriteText(string text)
    {
        if (text.Length == 0) return;
        _output.Write(text);
        _output.Flush();
        _atLineStart = text[^1] == '\n';
    }

    private static string SegmentName(ChatModelSegmentType segment) => segment switch
    {
        ChatModelSegmentType.Thought => "thought",
        ChatModelSegmentType.Comment => "comment",
        _ => segment.ToString().ToLowerInvariant(),
    };
}
