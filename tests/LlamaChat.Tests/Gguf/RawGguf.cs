using System.Text;

namespace LlamaChat.Tests.Gguf;

/// <summary>Builds GGUF bytes by hand, including invalid ones, and records the offsets tests expect errors at.</summary>
internal sealed class RawGguf
{
    private readonly MemoryStream _stream = new();
    private readonly BinaryWriter _writer;

    public RawGguf() => _writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);

    public long Position => _stream.Position;

    /// <summary>A v3 header: magic, version, tensor count, metadata count.</summary>
    public static RawGguf Header(ulong tensorCount, ulong metadataCount, uint version = 3) =>
        new RawGguf().Bytes("GGUF"u8).U32(version).U64(tensorCount).U64(metadataCount);

    public RawGguf Bytes(ReadOnlySpan<byte> bytes) { _writer.Write(bytes); return this; }
    public RawGguf U8(byte v) { _writer.Write(v); return this; }
    public RawGguf U32(uint v) { _writer.Write(v); return this; }
    public RawGguf U64(ulong v) { _writer.Write(v); return this; }
    public RawGguf Str(string s) { var b = Encoding.UTF8.GetBytes(s); U64((ulong)b.Length); _writer.Write(b); return this; }

    /// <summary>Key, UINT32 type tag and value.</summary>
    public RawGguf KvU32(string key, uint value) => Str(key).U32(4).U32(value);

    /// <summary>Key, STRING type tag and value.</summary>
    public RawGguf KvStr(string key, string value) => Str(key).U32(8).Str(value);

    public RawGguf Pad(int alignment)
    {
        while (_stream.Position % alignment != 0) _writer.Write((byte)0);
        return this;
    }

    public byte[] ToArray()
    {
        _writer.Flush();
        return _stream.ToArray();
    }

    public string WriteTo(string directory, string name = "test.gguf")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, ToArray());
        return path;
    }
}
