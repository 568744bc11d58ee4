using System.Diagnostics;
using LlamaChat.Forge;

namespace LlamaChat.Tests.Cli;

/// <summary>The llamachat tool run as a user runs it: a separate process, real model, real output.</summary>
public class CliTests
{
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LlamaChat.Cli.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task ChatsWithTheDemoModelWhenNoModelIsGiven()
    {
        var (exit, output, errors) = await RunAsync("chat", "--prompt", "Hi", "--threads", "1");
        Assert.True(exit == 0, errors);
        Assert.Contains(DemoChatModel.Reply, output);
        Assert.Contains("demo model", errors); // the note goes to stderr, so stdout holds only the answer
    }

    [Fact]
    public async Task AMissingModelIsOneClearErrorLine()
    {
        var (exit, output, errors) = await RunAsync("chat", "--model", "/no/such/model.gguf", "--prompt", "Hi");
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("error:", errors.Trim());
        Assert.DoesNotContain(" at ", errors); // no stack trace
    }

    [Fact]
    public async Task InspectsAGgufFile()
    {
        var (exit, output, errors) = await RunAsync("inspect", await DemoChatModel.GetOrCreateAsync());
        Assert.True(exit == 0, errors);
        Assert.Contains("llama", output + errors);
    }
}
