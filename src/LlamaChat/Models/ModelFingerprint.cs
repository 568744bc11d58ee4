using System.Security.Cryptography;
using System.Text;
using LlamaChat.Native;

namespace LlamaChat.Models;

/// <summary>
/// Identifies a model well enough to refuse state files made with another one: loading KV state of a
/// different model into llama.cpp can crash the process.
/// </summary>
internal static class ModelFingerprint
{
    public static string Compute(NativeModel model)
    {
        var text = new StringBuilder()
            .Append(model.Description).Append('|')
            .Append(model.ParameterCount).Append('|')
            .Append(model.SizeInBytes).Append('|')
            .Append(model.VocabularySize).Append('|')
            .Append(model.EmbeddingSize).Append('|')
            .Append(model.LayerCount).Append('|')
            .Append(model.HeadCount).Append('|')
            .Append(model.KvHeadCount).Append('|');
        foreach (var (key, value) in model.GetAllMetadata().OrderBy(p => p.Key, StringComparer.Ordinal))
            if (key != "tokenizer.chat_template" && !key.StartsWith("general.", StringComparison.Ordinal))
                text.Append(key).Append('=').Append(value).Append('|');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
