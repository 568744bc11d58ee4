using LlamaChat.ChatWrappers;
using LlamaChat.Evaluation;

namespace LlamaChat.Chat;

/// <summary>Options for a <see cref="LlamaChatSession"/>.</summary>
public sealed record LlamaChatSessionOptions
{
    /// <summary>Creates options for a session on <paramref name="contextSequence"/>.</summary>
    public LlamaChatSessionOptions(LlamaContextSequence contextSequence) => ContextSequence = contextSequence;

    /// <summary>The sequence the session evaluates on.</summary>
    public LlamaContextSequence ContextSequence { get; init; }

    /// <summary>The chat format; <c>null</c> (default) picks the right one for the model automatically.</summary>
    public ChatWrapper? ChatWrapper { get; init; }

    /// <summary>The system prompt; <c>null</c> uses the chat wrapper's default.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Add the system prompt even when the chat format has no system messages. Default false.</summary>
    public bool ForceAddSystemPrompt { get; init; }

    /// <summary>Dispose the sequence when the session is disposed. Default false.</summary>
    public bool AutoDisposeSequence { get; init; }

    /// <summary>How the history is shortened when it no longer fits the context.</summary>
    public ChatHistoryCompression? ContextShift { get; init; }
}
