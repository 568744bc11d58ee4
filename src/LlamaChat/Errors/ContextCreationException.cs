namespace LlamaChat;

/// <summary>A context could not be created with the options given (invalid size, not enough memory, ...).</summary>
public class ContextCreationException : LlamaChatException
{
    public ContextCreationException(string message, Exception? innerException = null) : base(message, innerException) { }
}
