namespace LlamaChat;

/// <summary>What was asked for does not fit in the context (or no sequence of the context is left).</summary>
public class InsufficientContextException : LlamaChatException
{
    public InsufficientContextException(string message) : base(message) { }
}
