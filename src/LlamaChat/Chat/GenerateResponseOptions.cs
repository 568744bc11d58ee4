using LlamaChat.ChatWrappers;
using LlamaChat.Evaluation;
using LlamaChat.Text;

namespace LlamaChat.Chat;

/// <summary>Options for <see cref="LlamaChatEngine.GenerateResponseAsync"/>.</summary>
public sealed record GenerateResponseOptions
{
    /// <summary>How tokens are chosen. Default: greedy.</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>The most tokens to generate (segments included); <c>null</c> for no limit.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>More texts that end the response (reported as <see cref="StopReason.CustomStopTrigger"/>).</summary>
    public IReadOnlyList<LlamaText> CustomStopTriggers { get; init; } = [];

    /// <summary>Text the response must start with; the model continues after it.</summary>
    public string? ResponsePrefix { get; init; }

    /// <summary>
    /// Remove whitespace at the end of the answer (and hold it back while streaming). Default false; a grammar that
    /// asks for it (JSON grammars do) turns it on.
    /// </summary>
    public bool TrimWhitespaceSuffix { get; init; }

    /// <summary>Token budgets for thoughts and comments.</summary>
    public ChatBudgets Budgets { get; init; } = new();

    /// <summary>Return the partial response when cancelled instead of throwing (when something was generated).</summary>
    public bool StopOnAbortSignal { get; init; }

    /// <summary>Functions the model may call (documented in the context by the chat wrapper).</summary>
    public IReadOnlyList<ChatFunctionDefinition> Functions { get; init; } = [];

    /// <summary>The most calls the model may make at once, where the chat format allows parallel calls. Default: no limit.</summary>
    public int? MaxParallelFunctionCalls { get; init; }

    /// <summary>Called with the JSON text of function call parameters as the model writes them.</summary>
    public Action<FunctionCallParamsChunk>? OnFunctionCallParamsChunk { get; init; }

    /// <summary>Whether the functions' parameter schemas are shown to the model. Default true.</summary>
    public bool DocumentFunctionParams { get; init; } = true;

    /// <summary>Priority of this sequence's evaluations in a shared context. Default 5.</summary>
    public int EvaluationPriority { get; init; } = 5;

    /// <summary>Called with each piece of the main answer's text.</summary>
    public Action<string>? OnTextChunk { get; init; }

    /// <summary>Called with the tokens of the main answer.</summary>
    public Action<IReadOnlyList<int>>? OnToken { get; init; }

    /// <summary>Called with every piece of the response, segments included.</summary>
    public Action<ResponseChunk>? OnResponseChunk { get; init; }

    /// <summary>How the history is shortened when it no longer fits the context. Default: <see cref="ChatHistoryCompression.Default"/>.</summary>
    public ChatHistoryCompression? HistoryCompression { get; init; }

    /// <summary>The previous call's context window, so its compression is reused when the history only grew.</summary>
    public ChatContextWindow? LastContextWindow { get; init; }
}
