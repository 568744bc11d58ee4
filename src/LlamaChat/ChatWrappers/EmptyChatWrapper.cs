namespace LlamaChat.ChatWrappers;

/// <summary>The base-class defaults: a plain <c>system: …\nuser: …\nmodel: …</c> listing, for tests and experiments.</summary>
public sealed class EmptyChatWrapper : ChatWrapper
{
    /// <inheritdoc/>
    public override string WrapperName => "Empty";
}
