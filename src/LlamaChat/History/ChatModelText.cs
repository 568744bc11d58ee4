namespace LlamaChat.History;

/// <summary>Text of the model's main answer.</summary>
/// <param name="Text">The text.</param>
public sealed record ChatModelText(string Text) : ChatModelResponseItem
{
    /// <summary>The text.</summary>
    public string Text { get; init; } = Text ?? throw new ArgumentNullException(nameof(Text));

    /// <summary>Wraps a string.</summary>
    public static implicit operator ChatModelText(string text) => new(text);
}
