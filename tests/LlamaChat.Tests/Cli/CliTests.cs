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

    [Theory]
    [InlineData("--model", "", "--model cannot be empty")]
    [InlineData("--threads", "100000", "--threads must be 1 to 512")]
    [InlineData("--temperature", "Infinity", "--temperature must be a number")]
    public async Task BadOptionsAreOneClearErrorLine(string option, string value, string message)
    {
        var (exit, output, errors) = await RunAsync("chat", option, value, "--prompt", "Hi");
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal($"error: {message}", errors.Trim()[..(message.Length + 7)]);
        Assert.Single(errors.Trim().Split('\n'));
    }

    [Fact]
    public async Task ALongErrorStaysOneLineWhenStderrIsRedirected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"llamachat-cut-{Guid.NewGuid():N}.gguf");
        await File.WriteAllBytesAsync(path, (await File.ReadAllBytesAsync(await DemoChatModel.GetOrCreateAsync()))[..100]);
        try
        {
            var (exit, _, errors) = await RunAsync("chat", "--model", path, "--prompt", "Hi");
            Assert.Equal(1, exit);
            Assert.True(errors.Trim().Length > 240, errors); // longer than the width Spectre would wrap at
            Assert.Single(errors.Trim().Split('\n'));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task TheWrapperOptionIgnoresCase()
    {
        var (exit, output, errors) = await RunAsync("chat", "--wrapper", "chatml", "--prompt", "Hi", "--threads", "1");
        Assert.True(exit == 0, errors);
        Assert.Contains(DemoChatModel.Reply, output);
    }

    [Fact]
    public async Task InspectsAGgufFile()
    {
        var (exit, output, errors) = await RunAsync("inspect", await DemoChatModel.GetOrCreateAsync());
        Assert.True(exit == 0, errors);
        Assert.Contains("llama", output + errors);
    }
}
