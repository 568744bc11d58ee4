using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// A rendered chat: the text to evaluate plus what the generation loop must watch for while the model writes.
/// </summary>
public sealed record ChatWrapperContextState
{
    /// <summary>The whole context: history, functions documentation and the open model turn.</summary>
    public required LlamaText ContextText { get; init; }

    /// <summary>Texts that end the model's turn (both special-token and plain forms are usually listed).</summary>
    public required IReadOnlyList<LlamaText> StopGenerationTriggers { get; init; }

    /// <summary>Texts to drop when the model starts its answer with them.</summary>
    public IReadOnlyList<LlamaText> IgnoreStartText { get; init; } = [];

    /// <summary>Set when the turn starts in function-call mode; null otherwise.</summary>
    public InitiallyEngagedFunctionCall? InitiallyEngagedFunctionCall { get; init; }

    /// <summary>Triggers that decide, at the start of the turn, what the model writes next; empty for most formats.</summary>
    public IReadOnlyList<ChatWrapperPrefixTrigger> PrefixTriggers { get; init; } = [];

    /// <summary>What to do when prefix triggers are skipped; null when there are no prefix triggers.</summary>
    public ChatWrapperNoPrefixTrigger? NoPrefixTrigger { get; init; }

    /// <summary>Re-render triggers; null for most formats.</summary>
    public ChatWrapperRerender? Rerender { get; init; }

    /// <summary>
    /// Whether the loop detects function calls by the call prefix inside generated text. Formats that announce calls
    /// through prefix triggers turn this off.
    /// </summary>
    public bool DetectFunctionCalls { get; init; } = true;
}
