using LlamaChat.Jinja.Runtime;

namespace LlamaChat.Jinja.Nodes;

/// <summary>What a statement asks the enclosing loop to do next.</summary>
internal enum Flow
{
    Normal,
    Break,
    Continue,
}
