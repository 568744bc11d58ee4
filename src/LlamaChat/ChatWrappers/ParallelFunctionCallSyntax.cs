using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// How several function calls in one turn are written: a call section (prefix, calls separated by
/// <see cref="BetweenCalls"/>, suffix) followed by a result section. A format that has this supports parallel calls.
/// </summary>
public sealed record ParallelFunctionCallSyntax
{
    /// <summary>The text before the first call of a section.</summary>
    public required LlamaText CallSectionPrefix { get; init; }

    /// <summary>Other texts the model may write instead of <see cref="CallSectionPrefix"/> that also start a call section.</summary>
    public IReadOnlyList<LlamaText> CallSectionPrefixAlternateMatches { get; init; } = [];

    /// <summary>The text between two calls.</summary>
    public LlamaText BetweenCalls { get; init; } = LlamaText.Empty;

    /// <summary>The text after the last call.</summary>
    public LlamaText CallSectionSuffix { get; init; } = LlamaText.Empty;

    /// <summary>The text before the first result.</summary>
    public LlamaText ResultSectionPrefix { get; init; } = LlamaText.Empty;

    /// <summary>The text between two results.</summary>
    public LlamaText BetweenResults { get; init; } = LlamaText.Empty;

    /// <summary>The text after the last result.</summary>
    public LlamaText ResultSectionSuffix { get; init; } = LlamaText.Empty;
}
