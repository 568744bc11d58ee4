using LlamaChat.Grammar;

namespace LlamaChat.Evaluation;

/// <summary>
/// How the next token is chosen. The defaults give greedy decoding: always the most likely token.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>0 (the default) is greedy; higher values make output more varied.</summary>
    public float Temperature { get; init; }

    /// <summary>Keep only the K most likely tokens (used when <see cref="Temperature"/> &gt; 0). Default 40; 0 disables.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>Keep the most likely tokens whose probabilities add up to P (used when <see cref="Temperature"/> &gt; 0). Default 0.95; 1 disables.</summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>Drop tokens less likely than MinP × the top token's probability. Default 0 (off).</summary>
    public float MinP { get; init; }

    /// <summary>Seed for random sampling; the same seed gives the same output. Default: random per evaluation.</summary>
    public uint? Seed { get; init; }

    /// <summary>Exclude Top Choices: sometimes drop the most likely tokens for more creative output.</summary>
    public XtcOptions? Xtc { get; init; }

    /// <summary>Penalize tokens that were generated recently.</summary>
    public RepeatPenaltyOptions? RepeatPenalty { get; init; }

    /// <summary>Penalize extending sequences that repeat earlier text (DRY).</summary>
    public DryRepeatPenaltyOptions? DryRepeatPenalty { get; init; }

    /// <summary>Make chosen tokens more or less likely, or never chosen.</summary>
    public TokenBias? TokenBias { get; init; }

    /// <summary>A grammar the output must follow (validated when it was created, so llama.cpp never sees a bad one).</summary>
    public LlamaGrammar? Grammar { get; init; }

    internal bool IsGreedy => Temperature <= 0;

    internal void Validate()
    {
        if (float.IsNaN(Temperature) || Temperature < 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be 0 or more.");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "TopK must be 0 or more.");
        if (!(TopP is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "TopP must be in (0, 1].");
        if (!(MinP is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(MinP), MinP, "MinP must be in [0, 1].");
        RepeatPenalty?.Validate();
        DryRepeatPenalty?.Validate();
        Xtc?.Validate();
    }
}

/// <summary>Exclude Top Choices (XTC): with <see cref="Probability"/>, drop every token above <see cref="Threshold"/> but the least likely of them.</summary>
public sealed record XtcOptions(float Probability = 0.5f, float Threshold = 0.1f)
{
    internal void Validate()
    {
        if (!(Probability is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Probability), Probability, "XTC probability must be in [0, 1].");
        if (!(Threshold is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "XTC threshold must be in [0, 1].");
    }
}

/// <summary>Repeat penalty over the last generated tokens.</summary>
public sealed record RepeatPenaltyOptions
{
    /// <summary>How many of the last generated tokens are penalized. Default 64; 0 disables the penalty.</summary>
    public int LastTokens { get; init; } = 64;

    /// <summary>Divides (for positive logits) or multiplies (negative) the logits of repeated tokens. Default 1.1; 1 disables.</summary>
    public float Penalty { get; init; } = 1.1f;

    /// <summary>Subtracted from a token's logit once per time it appears. Default 0.</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>Subtracted from a token's logit if it appears at all. Default 0.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>Whether the newline token is penalized too. Default false.</summary>
    public bool PenalizeNewLine { get; init; }

    /// <summary>Picks which of the recent tokens are penalized (e.g. leave out punctuation).</summary>
    public Func<IReadOnlyList<int>, IReadOnlyList<int>>? PunishTokensFilter { get; init; }

    internal void Validate()
    {
        if (LastTokens < 0) throw new ArgumentOutOfRangeException(nameof(LastTokens), LastTokens, "LastTokens must be 0 or more.");
        if (float.IsNaN(Penalty) || Penalty <= 0) throw new ArgumentOutOfRangeException(nameof(Penalty), Penalty, "Penalty must be above 0.");
        // A NaN penalty turns the logits of repeated tokens into NaN, and sampling then picks arbitrary tokens.
        if (float.IsNaN(FrequencyPenalty)) throw new ArgumentOutOfRangeException(nameof(FrequencyPenalty), FrequencyPenalty, "FrequencyPenalty cannot be NaN.");
        if (float.IsNaN(PresencePenalty)) throw new ArgumentOutOfRangeException(nameof(PresencePenalty), PresencePenalty, "PresencePenalty cannot be NaN.");
    }
}

/// <summary>DRY ("don't repeat yourself") penalty: penalizes tokens that would extend a repetition of earlier text.</summary>
public sealed record DryRepeatPenaltyOptions
{
    /// <summary>Strength of the penalty, 0 to 1 (0.8 is a good start).</summary>
    public float Strength { get; init; } = 0.8f;

    /// <summary>Growth base of the penalty with the repeated length. Default 1.75.</summary>
    public float Base { get; init; } = 1.75f;

    /// <summary>Repetitions up to this length are free. Default 2.</summary>
    public int AllowedLength { get; init; } = 2;

    /// <summary>How many recent tokens to look at; <c>null</c> (default) means all, 0 disables. Values above the model's training context size mean all too.</summary>
    public int? LastTokens { get; init; }

    /// <summary>Texts that break a repetition. Default newline, colon, quote and asterisk.</summary>
    public IReadOnlyList<string> SequenceBreakers { get; init; } = ["\n", ":", "\"", "*"];

    internal void Validate()
    {
        if (!(Strength is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(Strength), Strength, "DRY strength must be in [0, 1].");
        if (!(Base >= 1)) throw new ArgumentOutOfRangeException(nameof(Base), Base, "DRY base must be at least 1.");
        if (AllowedLength < 0) throw new ArgumentOutOfRangeException(nameof(AllowedLength), AllowedLength, "AllowedLength must be 0 or more.");
        if (LastTokens is < 0) throw new ArgumentOutOfRangeException(nameof(LastTokens), LastTokens, "LastTokens must be 0 or more.");
        if (SequenceBreakers is null || SequenceBreakers.Any(string.IsNullOrEmpty))
            throw new ArgumentException("DRY sequence breakers must be non-empty strings.", nameof(SequenceBreakers));
    }
}
