using LlamaChat.Models;
using LlamaChat.Tests.Support;
using Microsoft.Extensions.Logging;

namespace LlamaChat.Tests.Runtime;

public class LlamaTests
{
    private sealed class CapturingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add((logLevel, formatter(state, exception)));
        }
    }

    [Fact]
    public async Task ChoosesTheCpuAndSaysWhy()
    {
        using var llama = await Llama.GetLlamaAsync(new LlamaOptions { MaxThreads = 1 });
        Assert.Equal(GpuType.Cpu, llama.Gpu);
        Assert.Contains("no GPU backend", llama.GpuReason);
        Assert.Contains("CPU", llama.SystemInfo);
        Assert.Equal(1, llama.MaxThreads);
        await Assert.ThrowsAsync<LlamaChatException>(() => Llama.GetLlamaAsync(new LlamaOptions { Gpu = GpuType.Cuda }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Llama.GetLlamaAsync(new LlamaOptions { MaxThreads = 0 }));
    }

    [Fact]
    public async Task DefaultThreadsAreThePhysicalCores()
    {
        using var llama = await Llama.GetLlamaAsync();
        Assert.InRange(llama.MaxThreads, 1, Environment.ProcessorCount);
        var siblings = Directory.Exists("/sys/devices/system/cpu")
            ? Directory.EnumerateDirectories("/sys/devices/system/cpu", "cpu*")
                .Select(cpu => Path.Combine(cpu, "topology", "thread_siblings_list")).Where(File.Exists)
                .Select(f => File.ReadAllText(f).Trim()).Distinct().Count()
            : 0;
        if (siblings > 0) Assert.Equal(siblings, llama.MaxThreads);
    }

    [SkippableFact]
    public async Task LlamaCppLogGoesToTheLoggerFromTheChosenLevel()
    {
        var logger = new CapturingLogger();
        using var llama = await Llama.GetLlamaAsync(new LlamaOptions { Logger = logger, LogLevel = LogLevel.Debug, MaxThreads = 1 });
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(TestPaths.RequireFixture("models", "stories260K.gguf")) { VocabOnly = true });
        lock (logger.Lines)
            Assert.Contains(logger.Lines, line => line.Message.StartsWith("llama.cpp: ", StringComparison.Ordinal) && line.Message.Contains("llama"));

        var quiet = new CapturingLogger();
        using var errorsOnly = await Llama.GetLlamaAsync(new LlamaOptions { Logger = quiet, LogLevel = LogLevel.Error, MaxThreads = 1 });
        using var again = await errorsOnly.LoadModelAsync(new LlamaModelOptions(TestPaths.Fixture("models", "stories260K.gguf")) { VocabOnly = true });
        lock (quiet.Lines) Assert.DoesNotContain(quiet.Lines, line => line.Level < LogLevel.Error && line.Message.StartsWith("llama.cpp: ", StringComparison.Ordinal));
    }
}
