using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// For formats where the model's turn starts in function-call mode (Functionary): the model first writes a
/// recipient name, and one of <see cref="DisengageTriggers"/> switches to a normal text answer instead.
/// </summary>
public sealed record InitiallyEngagedFunctionCall
{
    /// <summary>The texts that leave function-call mode and start the text answer.</summary>
    public required IReadOnlyList<LlamaText> DisengageTriggers { get; init; }
}
