namespace LlamaChat.Evaluation;

/// <summary>Options for <see cref="LlamaContextSequence.EvaluateAsync"/>.</summary>
public sealed record EvaluateOptions
{
    /// <summary>How tokens are chosen. Default: greedy.</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>
    /// Priority when several sequences compete for a batch (higher goes first for leftover room). Default 5.
    /// </summary>
    public int Priority { get; init; } = 5;

    /// <summary>With <see cref="LlamaContextSequence.EvaluateWithMetadataAsync"/>: include the chosen token's probability.</summary>
    public bool Confidence { get; init; }

    /// <summary>With <see cref="LlamaContextSequence.EvaluateWithMetadataAsync"/>: include this many top probabilities (0 = none).</summary>
    public int Probabilities { get; init; }

    /// <summary>Tokens generated earlier in the same answer, so the repeat penalty covers them too.</summary>
    public IReadOnlyList<int>? PreviouslyGeneratedTokens { get; init; }

    /// <summary>
    /// Tokens the sampling grammar has already matched (an answer generated under it before, continued now): the grammar
    /// goes on from after them instead of from its root.
    /// </summary>
    /// <exception cref="Grammar.GrammarException">At evaluation: the grammar does not allow these tokens.</exception>
    public IReadOnlyList<int>? GrammarMatchedTokens { get; init; }
}
