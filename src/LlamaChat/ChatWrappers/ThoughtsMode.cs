namespace LlamaChat.ChatWrappers;

/// <summary>How a wrapper treats the model's chain of thought.</summary>
public enum ThoughtsMode
{
    /// <summary>Let the model decide whether to think.</summary>
    Auto,
    /// <summary>Put an empty thought at the start of the model's turn so it answers directly.</summary>
    Discourage,
}
