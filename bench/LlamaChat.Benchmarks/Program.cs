using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlamaChat.Benchmarks;

// Each measured run happens in its own child process, so its peak memory is its own and no run warms caches for another.
if (args.Length >= 4 && args[0] == "--child")
{
    var threads = int.Parse(args[2], CultureInfo.InvariantCulture);
    object result = args[1] == "multiturn"
        ? await MultiTurnRun.RunAsync(args[3], threads)
        : await Variants.RunAsync(args[1], threads, args[3]);
    Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
    return 0;
}

var modelPath = ArgValue("--model") ?? await BenchModel.EnsureAsync();
var output = ArgValue("--output") ?? Path.Combine(BenchPaths.RepositoryRoot(), "bench", "results", "latest.md");
var repeats = int.Parse(ArgValue("--repeats") ?? "2", CultureInfo.InvariantCulture);

var rows = new List<(string Variant, int Threads, Measurement Result)>();
foreach (var threads in new[] { 1, 2 })
{
    // Round robin over the variants, so that a slow spell of the machine hits them all alike; keep each one's best run.
    var best = new Dictionary<string, Measurement>();
    for (var i = 0; i < repeats; i++)
    {
        foreach (var variant in Variants.Names)
        {
            var result = RunChild<Measurement>(variant, threads, modelPath);
            Console.Error.WriteLine($"  {variant,-10} threads={threads}: {result}");
            if (!best.TryGetValue(variant, out var previous) || result.GenerationTokensPerSecond > previous.GenerationTokensPerSecond)
                best[variant] = result;
        }
    }
    rows.AddRange(Variants.Names.Select(variant => (variant, threads, best[variant])));
}
var multiTurnModels = ArgValue("--model") is null ? [modelPath, await BenchModel.EnsureOneBillionShapedAsync()] : new[] { modelPath };
var multiTurn = multiTurnModels
    .Select(model => (model, TurnMeasurement.Best(Enumerable.Range(0, repeats).Select(_ => RunChild<List<TurnMeasurement>>("multiturn", 1, model)).ToList())))
    .ToList();
var jinja = JinjaRenderRun.MicrosecondsPerRender(out var templateName);

var report = Report.Build(modelPath, rows, multiTurn, (templateName, jinja));
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report);
Console.WriteLine(report);
return 0;

T RunChild<T>(string variant, int threads, string model)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Variants).Assembly.Location);
    foreach (var a in new[] { "--child", variant, threads.ToString(CultureInfo.InvariantCulture), model }) start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"The {variant} run failed (exit {process.ExitCode}): {stdout}");
    return JsonSerializer.Deserialize<T>(line["RESULT ".Length..])!;
}

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
