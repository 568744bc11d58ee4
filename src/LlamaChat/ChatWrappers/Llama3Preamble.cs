using System.Globalization;

namespace LlamaChat.ChatWrappers;

/// <summary>Formats the date lines of the Llama 3.1/3.2 system preamble.</summary>
internal static class Llama3Preamble
{
    public static string? Lines(Llama3PreambleOptions options)
    {
        var today = options.TodayDate?.Invoke();
        var lines = new List<string>();
        if (options.CuttingKnowledgeDate is { } cutoff)
        {
            var reference = today ?? DateOnly.FromDateTime(DateTime.Now);
            var sameMonth = reference.Year == cutoff.Year && reference.Month == cutoff.Month;
            lines.Add("Cutting Knowledge Date: " + (sameMonth ? Day(cutoff) : cutoff.ToString("MMMM yyyy", CultureInfo.InvariantCulture)));
        }

        if (today is { } date)
            lines.Add("Today Date: " + Day(date));

        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    private static string Day(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
