namespace LlamaChat.Chat;

/// <summary>Why a response ended.</summary>
public enum StopReason
{
    /// <summary>The model generated an end-of-generation token.</summary>
    EogToken,
    /// <summary>The model generated one of the chat format's stop texts.</summary>
    StopGenerationTrigger,
    /// <summary>The model generated one of the caller's custom stop triggers.</summary>
    CustomStopTrigger,
    /// <summary>The response reached <c>MaxTokens</c>.</summary>
    MaxTokens,
    /// <summary>The call was cancelled with <c>StopOnAbortSignal</c>: the partial response was kept.</summary>
    Abort,
    /// <summary>The model called functions; their results are needed to continue.</summary>
    FunctionCalls,
}
