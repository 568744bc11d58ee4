namespace LlamaChat.Text;

/// <summary>
/// Text that is tokenized with special-token parsing, so <c>&lt;|im_end|&gt;</c> in it becomes the model's
/// end-of-turn token. Chat formats use it for their own markup; never put user-supplied text in it.
/// </summary>
/// <param name="Value">The text, for example <c>&lt;|im_start|&gt;user\n</c>.</param>
public sealed record SpecialTokensText(string Value)
{
    /// <summary>The text itself.</summary>
    public override string ToString() => Value;
}
