namespace LlamaChat.Evaluation;

/// <summary>
/// One sequence's pending work for the decode thread: tokens to evaluate and, optionally, a token to sample
/// from the logits of the last one.
/// </summary>
internal sealed class DecodeRequest
{
    public required LlamaContextSequence Sequence { get; init; }
    public required int[] Tokens { get; init; }
    public TokenSampler? Sampler { get; init; }
    public bool CountAsInput { get; init; } = true;
    public int Priority { get; init; }
    public bool Confidence { get; init; }
    public int Probabilities { get; init; }
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Completes with the sampled token, or <c>null</c> when nothing was to be sampled. Continuations run inline on
    /// the decode thread: the generation loop's per-token work (detokenizing, stop detection) then runs right after
    /// the decode without a thread switch, which would cost more than the work itself.
    /// </summary>
    public TaskCompletionSource<GeneratedToken?> Completion { get; } = new();

    /// <summary>The outcome decided by the decode thread, published once the whole batch is handled.</summary>
    public GeneratedToken? Result { get; set; }
    public Exception? Error { get; set; }

    /// <summary>How many of <see cref="Tokens"/> are already in the KV cache.</summary>
    public int Processed { get; set; }

    public int Remaining => Tokens.Length - Processed;

    /// <summary>Tokens of this request in the batch being decoded, and the batch index of the last one.</summary>
    public int InBatch { get; set; }
    public int LastBatchIndex { get; set; }
}
