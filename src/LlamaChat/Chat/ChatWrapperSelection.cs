using LlamaChat.ChatWrappers;
using LlamaChat.Gguf;
using LlamaChat.Models;

namespace LlamaChat.Chat;

/// <summary>Resolves the chat wrapper for a loaded model from what its GGUF file says about itself.</summary>
public static class ChatWrapperSelection
{
    /// <summary>The chat wrapper that fits <paramref name="model"/> best, and why it was chosen.</summary>
    public static ChatWrapperResolution Resolve(LlamaModel model, ChatWrapperResolveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ChatWrapperResolver.Resolve(DescribeModel(model), options);
    }

    /// <summary>The facts about <paramref name="model"/> that chat wrapper resolution uses.</summary>
    public static ChatModelInfo DescribeModel(LlamaModel model)
    {
        var metadata = model.FileInfo.Metadata;
        string? Get(string key) => metadata.TryGetString(key, out var value) ? value : null;
        var lineage = new List<string>();
        foreach (var key in new[] { "general.basename", "general.finetune", "general.base_model.0.name" })
            if (Get(key) is { Length: > 0 } name) lineage.Add(name);
        return new ChatModelInfo
        {
            ChatTemplate = model.ChatTemplate,
            ModelName = model.FileInfo.Name,
            LineageNames = lineage,
            Architecture = model.FileInfo.Architecture,
            SizeLabel = Get("general.size_label"),
            FileName = Path.GetFileName(model.ModelPath),
            BosText = model.Tokens.BosString,
            EosText = model.Tokens.EosString,
            Tokenizer = model,
        };
    }

    internal static ChatWrapper ForModel(LlamaModel model) => Resolve(model).Wrapper;
}
