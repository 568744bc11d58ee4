namespace LlamaChat.Evaluation;

/// <summary>llama.cpp's own timing of a context: prompt batches and single-token decodes.</summary>
/// <param name="PromptEvaluation">Time spent decoding batches of more than one token.</param>
/// <param name="TokenEvaluation">Time spent decoding one token at a time.</param>
/// <param name="PromptTokens">Tokens decoded in batches.</param>
/// <param name="EvaluatedTokens">Tokens decoded one at a time.</param>
public sealed record LlamaContextPerformance(TimeSpan PromptEvaluation, TimeSpan TokenEvaluation, int PromptTokens, int EvaluatedTokens)
{
    /// <summary>Prompt tokens per second.</summary>
    public double PromptTokensPerSecond => PromptEvaluation.TotalSeconds > 0 ? PromptTokens / PromptEvaluation.TotalSeconds : 0;

    /// <summary>Single-token decodes per second (the generation speed).</summary>
    public double TokensPerSecond => TokenEvaluation.TotalSeconds > 0 ? EvaluatedTokens / TokenEvaluation.TotalSeconds : 0;
}
