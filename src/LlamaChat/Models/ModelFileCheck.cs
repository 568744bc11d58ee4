using System.Buffers.Binary;

namespace LlamaChat.Models;

/// <summary>
/// Checks a model file's header before llama.cpp sees it, so a foreign or damaged file gets a clear
/// <see cref="ModelLoadException"/> instead of a generic native failure.
/// </summary>
internal static class ModelFileCheck
{
    private const uint GgufMagic = 0x46554747; // "GGUF" little-endian

    public static async Task EnsureLoadableAsync(string path, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        int read;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
            read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, $"The model file '{path}' cannot be read: {e.Message}", e);
        }
        if (read < 8 || BinaryPrimitives.ReadUInt32LittleEndian(header) != GgufMagic)
            throw new ModelLoadException(path, $"'{path}' is not a GGUF model file (its first bytes are not the GGUF magic).");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (version == 1)
            throw new ModelLoadException(path, $"'{path}' is a GGUF v1 file, which llama.cpp no longer supports; convert it to GGUF v3.");
        if (version is not (2 or 3))
            throw new ModelLoadException(path, $"'{path}' has GGUF version {version}; only versions 2 and 3 are supported.");
    }
}
