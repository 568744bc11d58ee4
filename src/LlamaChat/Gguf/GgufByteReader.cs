using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LlamaChat.Gguf;

/// <summary>
/// Buffered little-endian reads from a seekable stream that never read past its end: every length is
/// checked against the bytes left before anything is allocated, and a short file fails with a
/// <see cref="GgufFormatException"/> that names the offset.
/// </summary>
internal sealed class GgufByteReader
{
    private const int BufferSize = 1 << 16;

    private readonly Stream _stream;
    private readonly string? _filePath;
    private byte[] _buffer = new byte[BufferSize];
    private int _bufferStart; // index of the next unread byte in _buffer
    private int _bufferEnd;   // index after the last valid byte in _buffer
    private long _bufferFileOffset; // file offset of _buffer[0]

    public GgufByteReader(Stream stream, string? filePath)
    {
        _stream = stream;
        _filePath = filePath;
        Length = stream.Length;
        _bufferFileOffset = stream.Position;
    }

    /// <summary>The total length of the stream.</summary>
    public long Length { get; }

    /// <summary>The offset of the next byte to read.</summary>
    public long Position => _bufferFileOffset + _bufferStart;

    /// <summary>Bytes between <see cref="Position"/> and the end of the stream.</summary>
    public long Remaining => Length - Position;

    public GgufFormatException Error(long offset, string reason, string? advice = null) => new(_filePath, offset, reason, advice);

    /// <summary>Fails unless <paramref name="count"/> more bytes exist; <paramref name="what"/> names the field for the message.</summary>
    public void Require(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error(Position,
                $"the file is truncated: reading {what} needs {count} bytes but only {Remaining} remain (file size {Length} bytes)",
                "The file was probably cut short by an interrupted download or copy; download or convert it again.");
        }
    }

    public byte ReadByte(string what) => Span(1, what)[0];
    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Span(2, what));
    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Span(4, what));
    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Span(8, what));

    /// <summary>Reads <paramref name="count"/> bytes into a new array (after checking they exist).</summary>
    public byte[] ReadBytes(long count, string what)
    {
        Require(count, what);
        var result = GC.AllocateUninitializedArray<byte>(checked((int)count));
        Fill(result, what);
        return result;
    }

    /// <summary>Reads exactly <c>destination.Length</c> bytes (after checking they exist).</summary>
    public void Fill(Span<byte> destination, string what)
    {
        Require(destination.Length, what);
        while (destination.Length > 0)
        {
            if (_bufferStart == _bufferEnd) Refill(what);
            int n = Math.Min(destination.Length, _bufferEnd - _bufferStart);
            _buffer.AsSpan(_bufferStart, n).CopyTo(destination);
            _bufferStart += n;
            destination = destination[n..];
        }
    }

    /// <summary>Reads <paramref name="count"/> little-endian primitives into a new array.</summary>
    public T[] ReadArray<T>(long count, string what) where T : unmanaged
    {
        long bytes = count * Marshal.SizeOf<T>();
        Require(bytes, what);
        var result = GC.AllocateUninitializedArray<T>(checked((int)count));
        Fill(MemoryMarshal.AsBytes(result.AsSpan()), what);
        return result;
    }

    /// <summary>Skips <paramref name="count"/> bytes (after checking they exist).</summary>
    public void Skip(long count, string what)
    {
        Require(count, what);
        long buffered = _bufferEnd - _bufferStart;
        if (count <= buffered)
        {
            _bufferStart += (int)count;
            return;
        }
        long target = Position + count;
        _stream.Seek(target, SeekOrigin.Begin);
        _bufferFileOffset = target;
        _bufferStart = _bufferEnd = 0;
    }

    private ReadOnlySpan<byte> Span(int count, string what)
    {
        if (_bufferEnd - _bufferStart < count)
        {
            Require(count, what);
            Compact();
            while (_bufferEnd - _bufferStart < count) ReadMore(what);
        }
        var span = _buffer.AsSpan(_bufferStart, count);
        _bufferStart += count;
        return span;
    }

    private void Refill(string what)
    {
        _bufferFileOffset += _bufferStart;
        _bufferStart = _bufferEnd = 0;
        ReadMore(what);
    }

    // Moves unread bytes to the front so a small read can complete in one span.
    private void Compact()
    {
        int unread = _bufferEnd - _bufferStart;
        if (_bufferStart > 0)
        {
            Buffer.BlockCopy(_buffer, _bufferStart, _buffer, 0, unread);
            _bufferFileOffset += _bufferStart;
            _bufferStart = 0;
            _bufferEnd = unread;
        }
    }

    private void ReadMore(string what)
    {
        int read = _stream.Read(_buffer, _bufferEnd, _buffer.Length - _bufferEnd);
        if (read <= 0)
        {
            // The stream is shorter than it claimed (a file truncated while being read).
            throw Error(Position + (_bufferEnd - _bufferStart), $"the file ended unexpectedly while reading {what}");
        }
        _bufferEnd += read;
    }
}
