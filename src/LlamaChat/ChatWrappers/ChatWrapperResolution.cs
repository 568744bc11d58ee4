namespace LlamaChat.ChatWrappers;

/// <summary>The chat wrapper <see cref="ChatWrapperResolver"/> chose and why.</summary>
/// <param name="Wrapper">The wrapper to use.</param>
/// <param name="TypeName">Its type name (<c>chatML</c>, <c>llama3.1</c>, <c>jinjaTemplate</c>, ...).</param>
/// <param name="Reason">Which rule matched and, when the model's Jinja template was not used as is, why the specialized wrappers were rejected.</param>
public sealed record ChatWrapperResolution(ChatWrapper Wrapper, string TypeName, string Reason);
