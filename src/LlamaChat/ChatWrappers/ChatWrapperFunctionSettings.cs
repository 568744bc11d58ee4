namespace LlamaChat.ChatWrappers;

/// <summary>A chat format's function-calling syntax.</summary>
public sealed record ChatWrapperFunctionSettings
{
    /// <summary>How one call is written.</summary>
    public required FunctionCallSyntax Call { get; init; }

    /// <summary>How one result is written.</summary>
    public required FunctionResultSyntax Result { get; init; }

    /// <summary>How parallel calls are grouped; null when the format has no parallel calls.</summary>
    public ParallelFunctionCallSyntax? Parallelism { get; init; }
}
