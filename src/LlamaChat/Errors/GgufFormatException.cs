namespace LlamaChat;

/// <summary>
/// Thrown when a file is not a well-formed GGUF file LlamaChat can read: a bad magic, an unsupported
/// version, a truncated header, an unknown value type, or a length or count that cannot fit in the file.
/// </summary>
/// <remarks>
/// <see cref="Offset"/> is the byte offset in <see cref="FilePath"/> where the problem was found, so the
/// file can be inspected with a hex viewer. The message repeats both and says what to do.
/// </remarks>
public class GgufFormatException : LlamaChatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file being read, or <c>null</c> when reading a stream without a name.</param>
    /// <param name="offset">The byte offset where the problem was found.</param>
    /// <param name="reason">What is wrong, without the file name or offset (they are added to the message).</param>
    /// <param name="advice">What the caller can do about it, or <c>null</c> for the generic advice.</param>
    public GgufFormatException(string? filePath, long offset, string reason, string? advice = null)
        : base(BuildMessage(filePath, offset, reason, advice))
    {
        FilePath = filePath;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The file being read, or <c>null</c> when a stream without a name was read.</summary>
    public string? FilePath { get; }

    /// <summary>The byte offset in the file where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the file name and offset.</summary>
    public string Reason { get; }

    private static string BuildMessage(string? filePath, long offset, string reason, string? advice)
    {
        var where = filePath is null ? $"GGUF data at byte offset {offset}" : $"GGUF file '{filePath}' at byte offset {offset}";
        advice ??= "The file is damaged or is not a GGUF model; download or convert it again.";
        return $"Invalid {where}: {reason}. {advice}";
    }
}
