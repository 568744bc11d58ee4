namespace LlamaChat;

/// <summary>
/// Thrown when chat history JSON does not have the shape node-llama-cpp and LlamaChat use
/// (<c>[{"type":"system","text":…},{"type":"user","text":…},{"type":"model","response":[…]}]</c>).
/// The message and <see cref="JsonPath"/> say which value is wrong.
/// </summary>
public class ChatHistoryFormatException : LlamaChatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jsonPath">Where in the JSON the problem is, for example <c>$[2].response[0].type</c>.</param>
    /// <param name="message">What is wrong and what is expected instead.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ChatHistoryFormatException(string jsonPath, string message, Exception? innerException = null)
        : base($"Invalid chat history JSON at {jsonPath}: {message}", innerException)
    {
        JsonPath = jsonPath;
    }

    /// <summary>The JSON path of the offending value, for example <c>$[2].response[0].type</c>.</summary>
    public string JsonPath { get; }
}
