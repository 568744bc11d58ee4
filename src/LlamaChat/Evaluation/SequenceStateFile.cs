using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LlamaChat.Evaluation;

/// <summary>
/// LlamaChat's sequence state file: a header naming the model it was made with, the tokens, llama.cpp's
/// sequence state, and a SHA-256 of all of it. Everything is checked before llama.cpp sees the state, because
/// llama.cpp trusts it blindly (another model's state can crash the process).
/// Layout (little-endian): magic "LCSTATE\0", u32 version, 32-byte model fingerprint, u32 token count,
/// tokens (i32 each), u64 state length, state bytes, 32-byte SHA-256 of everything before it.
/// </summary>
internal static class SequenceStateFile
{
    private static readonly byte[] Magic = "LCSTATE\0"u8.ToArray();
    private const uint Version = 1;
    private const int HashSize = 32;
    private const int HeaderSize = 8 + 4 + HashSize + 4;

    internal sealed record Contents(int[] Tokens, byte[] State);

    public static long Write(string path, string fingerprint, int[] tokens, byte[] state)
    {
        var size = HeaderSize + tokens.Length * 4L + 8 + state.Length + HashSize;
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Version);
        Convert.FromHexString(fingerprint).CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[(12 + HashSize)..], tokens.Length);
        var offset = HeaderSize;
        foreach (var token in tokens) { BinaryPrimitives.WriteInt32LittleEndian(span[offset..], token); offset += 4; }
        BinaryPrimitives.WriteInt64LittleEndian(span[offset..], state.Length);
        offset += 8;
        state.CopyTo(span[offset..]);
        offset += state.Length;
        SHA256.HashData(span[..offset], span[offset..]);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, buffer);
        File.Move(temp, path, overwrite: true);
        return size;
    }

    public static async Task<Contents> ReadAsync(string path, string fingerprint, int contextSize, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path)) throw new StateFileException(path, $"'{path}' is a directory, not a state file.");
        if (!File.Exists(path)) throw new StateFileException(path, $"The state file '{path}' does not exist.");
        byte[] data;
        try { data = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false); }
        catch (IOException e) { throw new StateFileException(path, $"The state file '{path}' cannot be read: {e.Message}"); }

        if (data.Length < HeaderSize || !data.AsSpan(0, 8).SequenceEqual(Magic))
            throw new StateFileException(path, $"'{path}' is not a LlamaChat sequence state file.");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        if (version != Version)
            throw new StateFileException(path, $"'{path}' has state file version {version}; this LlamaChat reads version {Version}.");
        if (!data.AsSpan(12, HashSize).SequenceEqual(Convert.FromHexString(fingerprint)))
            throw new StateFileException(path, $"'{path}' was saved with a different model; state can only be loaded into the model that made it.");
        var tokenCount = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(12 + HashSize));
        if (tokenCount < 0)
            throw new StateFileException(path, $"'{path}' is corrupt (negative token count).");
        if (tokenCount > contextSize)
            throw new StateFileException(path,
                $"'{path}' holds {tokenCount} tokens, more than this sequence's context of {contextSize}. Load it into a larger context.");
        var offset = HeaderSize + tokenCount * 4L;
        if (offset + 8 + HashSize > data.Length)
            throw new StateFileException(path, $"'{path}' is truncated.");
        var stateLength = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan((int)offset));
        if (stateLength < 0 || offset + 8 + stateLength + HashSize != data.Length)
            throw new StateFileException(path, $"'{path}' is truncated or has extra bytes (its lengths do not add up).");
        var hashOffset = (int)(offset + 8 + stateLength);
        if (!SHA256.HashData(data.AsSpan(0, hashOffset)).AsSpan().SequenceEqual(data.AsSpan(hashOffset, HashSize)))
            throw new StateFileException(path, $"'{path}' is corrupt (its checksum does not match).");

        var tokens = new int[tokenCount];
        for (var i = 0; i < tokenCount; i++) tokens[i] = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(HeaderSize + i * 4));
        return new Contents(tokens, data.AsSpan((int)offset + 8, (int)stateLength).ToArray());
    }
}
