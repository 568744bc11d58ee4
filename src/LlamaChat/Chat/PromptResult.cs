using LlamaChat.History;

namespace LlamaChat.Chat;

/// <summary>What <see cref="LlamaChatSession.PromptWithMetaAsync"/> returns.</summary>
public sealed record PromptResult
{
    /// <summary>The model's whole turn: text, segments and function calls.</summary>
    public required IReadOnlyList<ChatModelResponseItem> Response { get; init; }

    /// <summary>The answer's text.</summary>
    public required string ResponseText { get; init; }

    /// <summary>Why generation stopped.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>Text the model generated after a stop trigger (not part of the answer).</summary>
    public string? RemainingGenerationAfterStop { get; init; }
}
