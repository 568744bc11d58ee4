namespace LlamaChat.History;

/// <summary>
/// One item of a chat history: a <see cref="ChatSystemMessage"/>, a <see cref="ChatUserMessage"/> or a
/// <see cref="ChatModelResponse"/>. Items are immutable; <see cref="ChatHistoryJson"/> reads and writes them in
/// node-llama-cpp's JSON format.
/// </summary>
public abstract record ChatHistoryItem
{
    private protected ChatHistoryItem() { }
}
