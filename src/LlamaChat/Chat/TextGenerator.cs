using LlamaChat.Evaluation;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Plain text generation on a sequence: evaluates a token list (reusing the KV prefix), then generates until an
/// end-of-generation token, a stop trigger or the token limit. Used for completions, where no chat format applies.
/// </summary>
internal static class TextGenerator
{
    internal sealed record Result(string Text, StopReason StopReason, int[] Tokens);

    public static async Task<Result> GenerateAsync(LlamaContextSequence sequence, int[] contextTokens, SamplingOptions sampling,
        IReadOnlyList<StopTrigger> stopTriggers, int maxTokens, Action<string>? onText, CancellationToken cancellationToken)
    {
        var model = sequence.Model;
        if (maxTokens <= 0 || contextTokens.Length == 0) return new Result("", StopReason.MaxTokens, []);
        var kept = await sequence.AdaptStateToTokensAsync(contextTokens, cancellationToken).ConfigureAwait(false);
        var detector = new StopTriggerDetector(stopTriggers);
        var decoder = new Utf8TokenDecoder();
        var released = 0;
        var generated = new List<int>();
        string Take(int end)
        {
            var text = detector.Slice(released, end);
            released = end;
            if (text.Length > 0) onText?.Invoke(text);
            return text;
        }
        var output = new System.Text.StringBuilder();
        await foreach (var token in sequence.EvaluateAsync(contextTokens[kept..], new EvaluateOptions { Sampling = sampling }, cancellationToken).ConfigureAwait(false))
        {
            if (model.IsEogToken(token))
            {
                detector.Push(null, decoder.Flush());
                output.Append(Take(detector.TextLength));
                return new Result(output.ToString(), StopReason.EogToken, [.. generated]);
            }
            generated.Add(token);
            var match = detector.Push(token, decoder.Push(model.GetTokenBytes(token)));
            if (match is not null)
            {
                output.Append(Take(match.Start));
                return new Result(output.ToString(), StopReason.StopGenerationTrigger, [.. generated]);
            }
            output.Append(Take(detector.SafeTextEnd));
            if (generated.Count >= maxTokens || sequence.NextTokenIndex >= sequence.ContextSize - 1)
            {
                detector.Push(null, decoder.Flush());
                output.Append(Take(detector.TextLength));
                return new Result(output.ToString(), StopReason.MaxTokens, [.. generated]);
            }
        }
        return new Result(output.ToString(), StopReason.MaxTokens, [.. generated]);
    }
}
