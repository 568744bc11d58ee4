namespace LlamaChat.Text;

/// <summary>What a <see cref="LlamaTextValue"/> holds.</summary>
public enum LlamaTextValueKind
{
    /// <summary>Plain text, tokenized without special-token parsing.</summary>
    Text,
    /// <summary>Text tokenized with special-token parsing (<see cref="Text.SpecialTokensText"/>).</summary>
    SpecialTokensText,
    /// <summary>A model's built-in special token (<see cref="Text.SpecialToken"/>), whatever its text.</summary>
    SpecialToken,
}
