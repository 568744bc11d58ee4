namespace LlamaChat.Evaluation;

/// <summary>A generated token, with its probability and the most likely alternatives when they were asked for.</summary>
public sealed record GeneratedToken(int Token)
{
    /// <summary>Probability of <see cref="Token"/> (0 to 1) before sampling, when requested.</summary>
    public float? Confidence { get; init; }

    /// <summary>The most likely tokens and their probabilities, most likely first, when requested.</summary>
    public IReadOnlyList<KeyValuePair<int, float>>? Probabilities { get; init; }
}
