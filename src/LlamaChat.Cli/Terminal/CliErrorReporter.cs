using Spectre.Console;
using Spectre.Console.Cli;

namespace LlamaChat.Cli.Terminal;

/// <summary>Turns an exception that escaped a command into one line on stderr and exit code 1.</summary>
public static class CliErrorReporter
{
    /// <summary>Prints <paramref name="exception"/> and returns the process exit code.</summary>
    public static int Report(Exception exception)
    {
        var console = ConsoleFactory.Diagnostics;
        if (IsExpected(exception))
        {
            // Expected failures (a missing file, a bad GGUF, a wrong option) carry a message written for the user;
            // a stack trace would only bury it.
            // One line, also when stderr is a file or pipe (Spectre would wrap it at the console width).
            if (Console.IsErrorRedirected) Console.Error.WriteLine($"error: {exception.Message.ReplaceLineEndings(" ")}");
            else console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
        }
        else
        {
            console.MarkupLine("[red]unexpected error (please report it):[/]");
            console.WriteException(exception, ExceptionFormats.ShortenEverything);
        }
        return 1;
    }

    private static bool IsExpected(Exception exception) =>
        exception is LlamaChatException or CommandAppException or ArgumentException or OperationCanceledException
            or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException;
}
