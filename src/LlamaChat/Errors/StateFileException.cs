namespace LlamaChat;

/// <summary>
/// A sequence state file was refused: not a LlamaChat state file, truncated or corrupt, made with another
/// model, or larger than the context it is loaded into. The sequence is left as it was.
/// </summary>
public class StateFileException : LlamaChatException
{
    public StateFileException(string path, string message) : base(message) => FilePath = path;

    /// <summary>The state file.</summary>
    public string FilePath { get; }
}
