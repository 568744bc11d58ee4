namespace LlamaChat;

/// <summary>
/// Thrown when a chat wrapper's template (a <c>TemplateChatWrapper</c> template or a Jinja chat template) cannot be
/// used: a placeholder is missing, the template fails to render a test conversation, or it drops messages.
/// </summary>
public class ChatWrapperTemplateException : LlamaChatException
{
    /// <summary>Creates the exception.</summary>
    public ChatWrapperTemplateException(string message, Exception? innerException = null) : base(message, innerException) { }
}
