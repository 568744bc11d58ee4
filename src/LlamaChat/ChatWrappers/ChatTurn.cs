using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// A group of history items rendered together: their system, user and model texts (each joined with a blank line),
/// null where the group has none of that kind.
/// </summary>
internal sealed record ChatTurn(LlamaText? System, LlamaText? User, LlamaText? Model);
