using LlamaChat.History;

namespace LlamaChat.Chat;

/// <summary>What <see cref="LlamaChatEngine.GenerateResponseAsync"/> produced.</summary>
public sealed record ChatResponseResult
{
    /// <summary>The model's whole turn: what was already in the history's last model item plus what was generated.</summary>
    public required ChatModelResponse Response { get; init; }

    /// <summary>The main answer's text (segments and function calls left out).</summary>
    public string ResponseText => Response.ResponseText;

    /// <summary>Why generation stopped.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>Text the model generated after the stop trigger, if any (it is not part of the response).</summary>
    public string? RemainingGenerationAfterStop { get; init; }

    /// <summary>The history with the response as its last item.</summary>
    public required IReadOnlyList<ChatHistoryItem> History { get; init; }

    /// <summary>What was actually in the context (after compression), for reuse by the next call.</summary>
    public required ChatContextWindow ContextWindow { get; init; }

    /// <summary>How many tokens this call generated (thoughts and function calls included).</summary>
    public int GeneratedTokens { get; init; }

    /// <summary>Function calls the model made in this turn that still need results.</summary>
    public IReadOnlyList<ChatModelFunctionCall> FunctionCalls { get; init; } = [];
}

/// <summary>The history a call was given, and the (possibly compressed) history that was actually evaluated.</summary>
/// <param name="CleanHistory">The full history, with the response.</param>
/// <param name="Window">The history as evaluated, with the response.</param>
public sealed record ChatContextWindow(IReadOnlyList<ChatHistoryItem> CleanHistory, IReadOnlyList<ChatHistoryItem> Window);
