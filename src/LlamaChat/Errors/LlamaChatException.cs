namespace LlamaChat;

/// <summary>
/// The root of every exception LlamaChat throws on purpose. Catch it to handle any LlamaChat failure;
/// catch a subclass to handle one kind. A call that throws leaves the objects it touched usable and
/// any chat history as it was before the call.
/// </summary>
public class LlamaChatException : Exception
{
    public LlamaChatException(string message) : base(message) { }
    public LlamaChatException(string message, Exception? innerException) : base(message, innerException) { }
}
