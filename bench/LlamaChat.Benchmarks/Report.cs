using System.Globalization;
using System.Text;

namespace LlamaChat.Benchmarks;

/// <summary>Formats the results as Markdown, with each variant's ratio to the minimal loop at the same thread count.</summary>
internal static class Report
{
    public static string Build(string modelPath, IReadOnlyList<(string Variant, int Threads, Measurement Result)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("# LlamaChat benchmark");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- CPU: {CpuName()} ({Environment.ProcessorCount} logical cores)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Model: `{Path.GetFileName(modelPath)}` ({new FileInfo(modelPath).Length / 1048576.0:F0} MiB)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Prompt: {Variants.PromptTokens} tokens; generation: {Variants.GenerateTokens} tokens, greedy. Best of the repeats.");
        text.AppendLine("- `loop` is a minimal decode loop written directly on the native layer; `sequence` is LlamaChat's `LlamaContextSequence.EvaluateAsync`.");
        text.AppendLine();
        text.AppendLine("| variant | threads | prompt tok/s | × loop | generation tok/s | × loop | first token ms | peak MiB | Δ MiB vs loop |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (variant, threads, r) in rows)
        {
            var loop = rows.First(x => x.Variant == "loop" && x.Threads == threads).Result;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {variant} | {threads} | {r.PromptTokensPerSecond:F1} | {r.PromptTokensPerSecond / loop.PromptTokensPerSecond:F3} | " +
                $"{r.GenerationTokensPerSecond:F1} | {r.GenerationTokensPerSecond / loop.GenerationTokensPerSecond:F3} | " +
                $"{r.FirstTokenMilliseconds:F1} | {r.PeakMemoryMegabytes:F0} | {r.PeakMemoryMegabytes - loop.PeakMemoryMegabytes:+0;-0;0} |");
        }
        return text.ToString();
    }

    private static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return "unknown";
    }
}
