using LlamaChat.Evaluation;
using LlamaChat.Grammar;

namespace LlamaChat.Chat;

/// <summary>Options for one prompt of a <see cref="LlamaChatSession"/>.</summary>
public sealed record PromptOptions
{
    /// <summary>Called with each piece of the answer's text as it is generated.</summary>
    public Action<string>? OnTextChunk { get; init; }

    /// <summary>Called with the tokens of the answer as they are generated.</summary>
    public Action<IReadOnlyList<int>>? OnToken { get; init; }

    /// <summary>Called with every piece of the response, thoughts and comments included.</summary>
    public Action<ResponseChunk>? OnResponseChunk { get; init; }

    /// <summary>When cancelled, return the partial answer (and keep it in the history) instead of throwing.</summary>
    public bool StopOnAbortSignal { get; init; }

    /// <summary>The most tokens to generate; <c>null</c> for no limit.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>0 (default) is greedy; higher is more varied.</summary>
    public float Temperature { get; init; }

    /// <summary>See <see cref="SamplingOptions.MinP"/>.</summary>
    public float MinP { get; init; }

    /// <summary>See <see cref="SamplingOptions.TopK"/>.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>See <see cref="SamplingOptions.TopP"/>.</summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>Seed for sampling at temperature &gt; 0.</summary>
    public uint? Seed { get; init; }

    /// <summary>See <see cref="SamplingOptions.Xtc"/>.</summary>
    public XtcOptions? Xtc { get; init; }

    /// <summary>Penalize recently generated tokens.</summary>
    public RepeatPenaltyOptions? RepeatPenalty { get; init; }

    /// <summary>DRY repeat penalty.</summary>
    public DryRepeatPenaltyOptions? DryRepeatPenalty { get; init; }

    /// <summary>Per-token logit biases.</summary>
    public TokenBias? TokenBias { get; init; }

    /// <summary>A grammar the answer must follow.</summary>
    public LlamaGrammar? Grammar { get; init; }

    /// <summary>
    /// Functions the model may call, by name. The session runs their handlers and gives the results back to the model,
    /// until it answers in text. May be combined with <see cref="Grammar"/>: the final answer then follows the grammar.
    /// </summary>
    public IReadOnlyDictionary<string, ChatSessionFunction>? Functions { get; init; }

    /// <summary>Whether the functions' parameter schemas are shown to the model. Default true.</summary>
    public bool DocumentFunctionParams { get; init; } = true;

    /// <summary>The most function calls the model may make at once, where the chat format supports parallel calls.</summary>
    public int? MaxParallelFunctionCalls { get; init; }

    /// <summary>Called with the JSON text of function call parameters as the model writes them.</summary>
    public Action<FunctionCallParamsChunk>? OnFunctionCallParamsChunk { get; init; }

    /// <summary>Drop whitespace at the end of the answer.</summary>
    public bool TrimWhitespaceSuffix { get; init; }

    /// <summary>More texts that end the answer.</summary>
    public IReadOnlyList<string> CustomStopTriggers { get; init; } = [];

    /// <summary>Text the answer must start with.</summary>
    public string? ResponsePrefix { get; init; }

    /// <summary>Token budgets for thoughts and comments.</summary>
    public ChatBudgets? Budgets { get; init; }

    /// <summary>Priority of this prompt's evaluations when several sequences share a context. Default 5.</summary>
    public int EvaluationPriority { get; init; } = 5;

    internal SamplingOptions ToSampling() => new()
    {
        Temperature = Temperature, MinP = MinP, TopK = TopK, TopP = TopP, Seed = Seed, Xtc = Xtc,
        RepeatPenalty = RepeatPenalty, DryRepeatPenalty = DryRepeatPenalty, TokenBias = TokenBias,
        Grammar = Grammar,
    };
}
