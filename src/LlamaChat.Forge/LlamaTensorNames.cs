namespace LlamaChat.Forge;

/// <summary>The tensor names llama.cpp's llama architecture loads.</summary>
internal static class LlamaTensorNames
{
    public const string TokenEmbedding = "token_embd.weight";
    public const string OutputNorm = "output_norm.weight";
    public const string Output = "output.weight";

    public static string AttentionNorm(int layer) => $"blk.{layer}.attn_norm.weight";
    public static string Query(int layer) => $"blk.{layer}.attn_q.weight";
    public static string Key(int layer) => $"blk.{layer}.attn_k.weight";
    public static string Value(int layer) => $"blk.{layer}.attn_v.weight";
    public static string AttentionOutput(int layer) => $"blk.{layer}.attn_output.weight";
    public static string FeedForwardNorm(int layer) => $"blk.{layer}.ffn_norm.weight";
    public static string FeedForwardGate(int layer) => $"blk.{layer}.ffn_gate.weight";
    public static string FeedForwardDown(int layer) => $"blk.{layer}.ffn_down.weight";
    public static string FeedForwardUp(int layer) => $"blk.{layer}.ffn_up.weight";
}
