namespace LlamaChat.Evaluation;

/// <summary>
/// What a sequence does when it is full and more tokens must be evaluated: erase some of its tokens and
/// move the rest back.
/// </summary>
public sealed record ContextShiftOptions
{
    /// <summary>
    /// How many tokens to free at least. Default <c>min(100, ceil(contextSize / 2))</c>; more are freed when the
    /// pending tokens need it.
    /// </summary>
    public Func<LlamaContextSequence, int>? Size { get; init; }

    /// <summary>
    /// Which token ranges to erase, given the sequence and the number of tokens to free. Default: erase from the
    /// beginning, keeping a leading BOS token.
    /// </summary>
    public Func<LlamaContextSequence, int, IReadOnlyList<TokenRange>>? Strategy { get; init; }
}

/// <summary>A half-open range of token positions, [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct TokenRange(int Start, int End)
{
    /// <summary>Number of tokens in the range.</summary>
    public int Length => End - Start;
}
