namespace LlamaChat.History;

/// <summary>
/// One part of a model response: <see cref="ChatModelText"/>, <see cref="ChatModelFunctionCall"/> or
/// <see cref="ChatModelSegment"/>.
/// </summary>
public abstract record ChatModelResponseItem
{
    private protected ChatModelResponseItem() { }
}
