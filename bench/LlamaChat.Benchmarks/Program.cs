using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LlamaChat.Benchmarks;

// Each variant runs in its own child process, so its peak memory is its own and no variant warms caches for another.
if (args.Length >= 4 && args[0] == "--child")
{
    var measurement = await Variants.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
    Console.WriteLine("RESULT " + JsonSerializer.Serialize(measurement));
    return 0;
}

var modelPath = ArgValue("--model") ?? await BenchModel.EnsureAsync();
var output = ArgValue("--output") ?? Path.Combine(RepositoryRoot(), "bench", "results", "latest.md");
var repeats = int.Parse(ArgValue("--repeats") ?? "2", CultureInfo.InvariantCulture);

var rows = new List<(string Variant, int Threads, Measurement Result)>();
foreach (var threads in new[] { 1, 2 })
{
    foreach (var variant in Variants.Names)
    {
        Measurement? best = null;
        for (var i = 0; i < repeats; i++)
        {
            var result = RunChild(variant, threads, modelPath);
            Console.Error.WriteLine($"  {variant,-10} threads={threads}: {result}");
            best = best is null || result.GenerationTokensPerSecond > best.GenerationTokensPerSecond ? result : best;
        }
        rows.Add((variant, threads, best!));
    }
}

var report = Report.Build(modelPath, rows);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, report);
Console.WriteLine(report);
return 0;

Measurement RunChild(string variant, int threads, string model)
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
    return JsonSerializer.Deserialize<Measurement>(line["RESULT ".Length..])!;
}

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "LlamaChat.slnx"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
