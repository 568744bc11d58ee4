namespace LlamaChat.ChatWrappers;

/// <summary>The function-call syntax extracted from a Jinja template's tool support.</summary>
/// <param name="Settings">Call and result syntax as the template writes them.</param>
internal sealed record JinjaToolSyntax(ChatWrapperFunctionSettings Settings);
