using System.Globalization;
using System.Text;

namespace LlamaChat.Benchmarks;

/// <summary>Formats the results as Markdown, with each variant's ratio to the minimal loop at the same thread count.</summary>
internal static class Report
{
    public static string Build(string modelPath, IReadOnlyList<(string Variant, int Threads, Measurement Result)> rows,
        IReadOnlyList<(string Model, List<TurnMeasurement> Turns)> multiTurn, (string Template, double Microseconds) jinja)
    {
        var text = new StringBuilder();
        text.AppendLine("# LlamaChat benchmark");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- CPU: {CpuName()} ({Environment.ProcessorCount} logical cores)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Model: `{Path.GetFileName(modelPath)}` ({new FileInfo(modelPath).Length / 1048576.0:F0} MiB)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Prompt: {Variants.PromptTokens} tokens; generation: {Variants.GenerateTokens} tokens, greedy, after {Variants.WarmupTokens} warm-up tokens, .NET tiered compilation off (optimized code from the start, as a long-running app reaches). Each variant runs in its own process, the variants take turns, and each row is its best run.");
        text.AppendLine("- `loop` is a minimal decode loop written directly on the native layer; `sequence` is LlamaChat's `LlamaContextSequence.EvaluateAsync`;");
        text.AppendLine("  `grammar` is `sequence` under a JSON-schema grammar (arrays of free strings and numbers), still greedy;");
        text.AppendLine("  `chat` is `LlamaChatSession.PromptAsync` with streaming (`OnToken`). Its prompt is wrapped by the chat format, and its first");
        text.AppendLine("  token is the first one shown to the user: text that might start a stop trigger is held back until it cannot, so its");
        text.AppendLine("  prompt rate (512 tokens / time to first shown token) understates llama.cpp's.");
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
        AppendGrammarRatio(text, rows);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Multi-turn chat ({MultiTurnRun.Turns} turns, {MultiTurnRun.MessageTokens}-token user message, {MultiTurnRun.AnswerTokens}-token answers, 1 thread)");
        text.AppendLine();
        text.AppendLine("Each turn should evaluate only the new message and its template glue; the baseline is the same number of tokens");
        text.AppendLine("evaluated after as many tokens directly on a sequence, i.e. what llama.cpp itself needs at that context length.");
        text.AppendLine("What grows from turn to turn beyond that is attention over the longer context, whose share of the work depends on");
        text.AppendLine("the model's shape: large in the small benchmark model, small in a model shaped like Llama 3.2 1B. Each time is the");
        text.AppendLine("turn's best over the runs (the same turns each time: greedy).");
        foreach (var (model, turns) in multiTurn)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"`{Path.GetFileName(model)}` ({new FileInfo(model).Length / 1048576.0:F0} MiB):");
            text.AppendLine();
            text.AppendLine("| turn | input tokens evaluated | time to first token ms | baseline ms | × baseline | tokens in context |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|");
            foreach (var t in turns)
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {t.Turn} | {t.InputTokens} | {t.FirstTokenMilliseconds:F1} | {t.BaselineMilliseconds:F1} | {t.FirstTokenMilliseconds / t.BaselineMilliseconds:F2} | {t.ContextTokens} |");
            if (turns.Count >= 8)
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"\nTurn 8 / turn 2 time to first token: {turns[7].FirstTokenMilliseconds / turns[1].FirstTokenMilliseconds:F2}× (llama.cpp alone: {turns[7].BaselineMilliseconds / turns[1].BaselineMilliseconds:F2}×).");
        }
        text.AppendLine();
        text.AppendLine("## Chat template rendering");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{jinja.Template}`, 10-turn history, compiled once: {jinja.Microseconds:F1} µs per render.");
        return text.ToString();
    }

    // What a grammar costs: its generation rate against the same generation unconstrained, at each thread count.
    private static void AppendGrammarRatio(StringBuilder text, IReadOnlyList<(string Variant, int Threads, Measurement Result)> rows)
    {
        var ratios = rows.Where(r => r.Variant == "grammar")
            .Select(g => (g.Threads, Ratio: g.Result.GenerationTokensPerSecond
                / rows.First(x => x.Variant == "sequence" && x.Threads == g.Threads).Result.GenerationTokensPerSecond))
            .ToList();
        if (ratios.Count == 0) return;
        text.AppendLine();
        text.AppendLine("Generation under the JSON-schema grammar (`grammar` / `sequence`, target ≥ 0.9×): " +
            string.Join(", ", ratios.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Ratio:F3}× with {r.Threads} thread{(r.Threads == 1 ? "" : "s")}"))) + ".");
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
