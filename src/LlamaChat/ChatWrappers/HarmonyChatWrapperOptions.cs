namespace LlamaChat.ChatWrappers;

/// <summary>Options of <see cref="HarmonyChatWrapper"/>.</summary>
public sealed record HarmonyChatWrapperOptions
{
    /// <summary>The identity line of the system message; null leaves it out.</summary>
    public string? ModelIdentity { get; init; } = "You are ChatGPT, a large language model trained by OpenAI.";

    /// <summary>The knowledge cutoff (year and month are written); null leaves it out. Defaults to June 2024.</summary>
    public DateOnly? CuttingKnowledgeDate { get; init; } = new DateOnly(2024, 6, 1);

    /// <summary>Returns today's date; null leaves the line out. Defaults to the local date at render time.</summary>
    public Func<DateOnly>? TodayDate { get; init; } = () => DateOnly.FromDateTime(DateTime.Now);

    /// <summary>The requested reasoning effort; null leaves the line out. Defaults to medium.</summary>
    public HarmonyReasoningEffort? ReasoningEffort { get; init; } = HarmonyReasoningEffort.Medium;

    /// <summary>Whether the analysis channel is listed as required (default true).</summary>
    public bool RequireAnalysisChannel { get; init; } = true;

    /// <summary>Whether the commentary channel is listed as required (default true).</summary>
    public bool RequireCommentaryChannel { get; init; } = true;

    /// <summary>Whether the final channel is listed as required (default true).</summary>
    public bool RequireFinalChannel { get; init; } = true;

    /// <summary>Whether thoughts of earlier model turns are left out of the context (default true).</summary>
    public bool KeepOnlyLastThought { get; init; } = true;
}
