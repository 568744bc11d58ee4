using LlamaChat.Evaluation;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>
/// Plain text completion (no chat format): continues a text, or fills in the middle between a prefix and a suffix
/// with the model's infill tokens. The KV cache is reused between calls where the input starts the same.
/// </summary>
public sealed class LlamaCompletion
{
    /// <summary>Creates a completion generator on <paramref name="sequence"/>.</summary>
    public LlamaCompletion(LlamaContextSequence sequence) =>
        Sequence = sequence ?? throw new ArgumentNullException(nameof(sequence));

    /// <summary>The sequence evaluations run on.</summary>
    public LlamaContextSequence Sequence { get; }

    /// <summary>Whether the model has the prefix, suffix and middle tokens infill needs.</summary>
    public bool InfillSupported => Sequence.Model.Tokens.Infill.Supported;

    /// <summary>Continues <paramref name="input"/>.</summary>
    public async Task<string> GenerateCompletionAsync(string input, CompletionOptions? options = null, CancellationToken cancellationToken = default) =>
        (await GenerateCompletionWithMetaAsync(input, options, cancellationToken).ConfigureAwait(false)).Text;

    /// <summary>Continues <paramref name="input"/>, and says why it stopped.</summary>
    public Task<CompletionResult> GenerateCompletionWithMetaAsync(string input, CompletionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var model = Sequence.Model;
        var tokens = model.TokenizeWithBos(input);
        if (tokens.Length == 0)
            throw new ArgumentException("Give some text to complete (the model has no BOS token to start from).", nameof(input));
        return RunAsync(tokens, options ?? new CompletionOptions(), cancellationToken);
    }

    /// <summary>Generates what goes between <paramref name="prefix"/> and <paramref name="suffix"/>.</summary>
    /// <exception cref="NotSupportedException">The model has no infill tokens.</exception>
    public async Task<string> GenerateInfillCompletionAsync(string prefix, string suffix, CompletionOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(suffix);
        var model = Sequence.Model;
        var infill = model.Tokens.Infill;
        if (!infill.Supported)
            throw new NotSupportedException("This model has no fill-in-the-middle tokens (prefix, suffix and middle), so it cannot do infill.");
        int[] tokens =
        [
            .. model.Tokens.ShouldPrependBos && model.Tokens.Bos is { } bos ? [bos] : Array.Empty<int>(),
            infill.Prefix!.Value, .. model.Tokenize(prefix), infill.Suffix!.Value, .. model.Tokenize(suffix), infill.Middle!.Value,
        ];
        return (await RunAsync(tokens, options ?? new CompletionOptions(), cancellationToken).ConfigureAwait(false)).Text;
    }

    private async Task<CompletionResult> RunAsync(int[] tokens, CompletionOptions options, CancellationToken cancellationToken)
    {
        if (options.MaxTokens < 0) throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokens, "MaxTokens cannot be negative.");
        if (tokens.Length >= Sequence.ContextSize)
            throw new InsufficientContextException($"The input is {tokens.Length} tokens long; the sequence holds {Sequence.ContextSize}.");
        if (options.StopTriggers.Any(t => t is null))
            throw new ArgumentException("A stop trigger is null; give texts (empty ones are ignored).", nameof(options));
        var triggers = options.StopTriggers.Where(t => t.Length > 0).Select(t => StopTrigger.FromText(t)).ToList();
        var result = await TextGenerator.GenerateAsync(Sequence, tokens, options.Sampling, triggers, options.MaxTokens,
            options.OnTextChunk, cancellationToken).ConfigureAwait(false);
        return new CompletionResult(result.Text, result.StopReason);
    }
}
