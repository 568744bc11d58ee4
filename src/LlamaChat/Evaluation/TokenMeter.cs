namespace LlamaChat.Evaluation;

/// <summary>
/// Counts the tokens a sequence evaluated as input (prompts, and tokens moved by a context shift) and the
/// tokens it generated as output. Thread-safe.
/// </summary>
public sealed class TokenMeter
{
    private long _input;
    private long _output;

    /// <summary>Input tokens evaluated so far.</summary>
    public long InputTokens => Interlocked.Read(ref _input);

    /// <summary>Output tokens generated so far.</summary>
    public long OutputTokens => Interlocked.Read(ref _output);

    /// <summary>The counts now, to compare with later.</summary>
    public TokenMeterState GetState() => new(InputTokens, OutputTokens);

    /// <summary>The tokens used since <paramref name="earlier"/>.</summary>
    public TokenMeterState Diff(TokenMeterState earlier) => new(InputTokens - earlier.InputTokens, OutputTokens - earlier.OutputTokens);

    internal void UseInputTokens(long count) => Interlocked.Add(ref _input, count);
    internal void UseOutputTokens(long count) => Interlocked.Add(ref _output, count);
}

/// <summary>Input and output token counts.</summary>
public readonly record struct TokenMeterState(long InputTokens, long OutputTokens);
