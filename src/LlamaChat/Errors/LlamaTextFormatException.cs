namespace LlamaChat;

/// <summary>
/// Thrown when JSON that should describe a <see cref="LlamaChat.Text.LlamaText"/> (a string, or an array of strings,
/// <c>{"type":"specialTokensText","value":…}</c> and <c>{"type":"specialToken","value":"EOS"}</c> objects) is malformed.
/// </summary>
public class LlamaTextFormatException : LlamaChatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jsonPath">Where in the JSON the problem is, for example <c>$[3]</c>.</param>
    /// <param name="message">What is wrong and what is expected instead.</param>
    public LlamaTextFormatException(string jsonPath, string message)
        : base($"Invalid LlamaText JSON at {jsonPath}: {message}")
    {
        JsonPath = jsonPath;
        Reason = message;
    }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The JSON path of the offending value, for example <c>$[3].value</c>.</summary>
    public string JsonPath { get; }
}
