using LlamaChat.ChatWrappers;
using LlamaChat.Models;

namespace LlamaChat.Chat;

/// <summary>Picks the chat wrapper for a model when the session is not given one.</summary>
internal static class ChatWrapperSelection
{
    public static ChatWrapper ForModel(LlamaModel model)
    {
        var template = model.ChatTemplate ?? "";
        if (template.Contains("<|im_start|>", StringComparison.Ordinal)) return new ChatMLChatWrapper();
        if (template.Contains("<|start_header_id|>", StringComparison.Ordinal)) return new Llama3_1ChatWrapper();
        return new GeneralChatWrapper();
    }
}
