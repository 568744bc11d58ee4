using Spectre.Console;

namespace LlamaChat.Cli.Terminal;

/// <summary>
/// The consoles the CLI writes to. Headers, notes and errors go to stderr so that stdout holds only the model's
/// answers, which keeps <c>llamachat chat --prompt … &gt; answer.txt</c> clean.
/// </summary>
public static class ConsoleFactory
{
    private static readonly Lazy<IAnsiConsole> DiagnosticsConsole = new(() =>
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        // Redirected output has no width; Spectre's fallback of 80 columns would break log lines mid-sentence.
        if (Console.IsErrorRedirected) console.Profile.Width = RedirectedWidth;
        return console;
    });

    private const int RedirectedWidth = 240;

    /// <summary>The console for headers, notes and errors (stderr).</summary>
    public static IAnsiConsole Diagnostics => DiagnosticsConsole.Value;

    /// <summary>Whether stdout understands ANSI styles (false when it is redirected to a file or pipe).</summary>
    public static bool OutputSupportsAnsi => AnsiConsole.Profile.Capabilities.Ansi && !Console.IsOutputRedirected;
}
