namespace LlamaChat;

/// <summary>
/// Thrown when a GGUF metadata key that a caller asked for is missing or holds a value of another type
/// than the one requested (for example <c>GetString</c> on an integer key).
/// </summary>
public class GgufMetadataException : LlamaChatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The metadata key that was asked for.</param>
    /// <param name="message">The full message: what was wrong and what to do.</param>
    public GgufMetadataException(string key, string message) : base(message)
    {
        Key = key;
    }

    /// <summary>The metadata key that was asked for.</summary>
    public string Key { get; }
}
