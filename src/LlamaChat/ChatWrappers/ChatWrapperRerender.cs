using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>Texts after which the loop re-renders the context (gpt-oss: <c>&lt;|end|&gt;</c> ends one channel message).</summary>
public sealed record ChatWrapperRerender
{
    /// <summary>The texts that cause a re-render.</summary>
    public required IReadOnlyList<LlamaText> Triggers { get; init; }

    /// <summary>Whether the current response item (segment) is closed before re-rendering.</summary>
    public bool CloseResponseItem { get; init; }
}
