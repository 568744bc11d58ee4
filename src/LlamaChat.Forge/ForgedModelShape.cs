namespace LlamaChat.Forge;

/// <summary>The size of a forged llama-architecture model with random weights.</summary>
public sealed record ForgedModelShape
{
    /// <summary>The number of transformer layers (<c>llama.block_count</c>, default 1).</summary>
    public int LayerCount { get; init; } = 1;

    /// <summary>The embedding width (<c>llama.embedding_length</c>, default 64).</summary>
    public int EmbeddingLength { get; init; } = 64;

    /// <summary>The number of attention heads (default 1); must divide <see cref="EmbeddingLength"/>.</summary>
    public int HeadCount { get; init; } = 1;

    /// <summary>The number of key/value heads (default 1); must divide <see cref="HeadCount"/>.</summary>
    public int KvHeadCount { get; init; } = 1;

    /// <summary>The feed-forward width (<c>llama.feed_forward_length</c>, default 64).</summary>
    public int FeedForwardLength { get; init; } = 64;

    /// <summary>
    /// The benchmark shape of test-models.md: 8 layers, <c>n_embd</c> 1024, 16 heads, 4 KV heads, FFN 2816
    /// (about 353M parameters with the Llama 3 vocabulary).
    /// </summary>
    public static ForgedModelShape Benchmark { get; } = new()
    {
        LayerCount = 8,
        EmbeddingLength = 1024,
        HeadCount = 16,
        KvHeadCount = 4,
        FeedForwardLength = 2816,
    };

    /// <summary>The width of one attention head.</summary>
    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Checks that llama.cpp can run this shape.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the heads do not divide evenly, or the head width is odd.</exception>
    public void Validate()
    {
        if (LayerCount < 1 || EmbeddingLength < 1 || HeadCount < 1 || KvHeadCount < 1 || FeedForwardLength < 1)
            throw new ArgumentException($"Every size of a forged model must be positive: {this}.");
        if (EmbeddingLength % HeadCount != 0)
            throw new ArgumentException($"The embedding length {EmbeddingLength} must be a multiple of the head count {HeadCount}.");
        if (HeadCount % KvHeadCount != 0)
            throw new ArgumentException($"The head count {HeadCount} must be a multiple of the KV head count {KvHeadCount}.");
        if (HeadDimension % 2 != 0)
            throw new ArgumentException($"The head width {HeadDimension} must be even for rotary embeddings.");
    }
}
