namespace LlamaChat.ChatWrappers;

/// <summary>
/// The dates Llama 3.1 and 3.2 templates write at the start of the system turn
/// (<c>Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024</c>).
/// </summary>
public sealed record Llama3PreambleOptions
{
    /// <summary>The model's knowledge cutoff; null leaves the line out. Defaults to December 2023.</summary>
    public DateOnly? CuttingKnowledgeDate { get; init; } = new DateOnly(2023, 12, 1);

    /// <summary>Returns today's date; null leaves the line out. Defaults to the local date at render time.</summary>
    public Func<DateOnly>? TodayDate { get; init; } = () => DateOnly.FromDateTime(DateTime.Now);

    /// <summary>Whether to leave out the instructions that tell the model how to call functions.</summary>
    public bool NoToolInstructions { get; init; }
}
