using LlamaChat.Cli.Terminal;

namespace LlamaChat.Cli.Chat;

/// <summary>The interactive loop: read a line, stream the answer, repeat until <c>.exit</c> or the end of input.</summary>
public sealed class ChatRepl
{
    private const string ExitCommand = ".exit";

    private readonly ChatTurnRunner _turns;
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly bool _echoInput;

    /// <param name="turns">Answers each line.</param>
    /// <param name="input">Where the user's lines come from.</param>
    /// <param name="output">Where prompts and answers go.</param>
    /// <param name="echoInput">Repeat each line read, so a transcript of piped input still shows what was asked.</param>
    public ChatRepl(ChatTurnRunner turns, TextReader input, TextWriter output, bool echoInput)
    {
        _turns = turns;
        _input = input;
        _output = output;
        _echoInput = echoInput;
    }

    /// <summary>Runs until the user quits.</summary>
    public async Task RunAsync()
    {
        while (true)
        {
            _output.Write("> ");
            var line = await _input.ReadLineAsync();
            if (line is null)
            {
                _output.WriteLine();
                return;
            }
            if (_echoInput) _output.WriteLine(line);
            var prompt = line.Trim();
            if (prompt == ExitCommand) return;
            if (prompt.Length == 0) continue;

            _output.Write("AI: ");
            try
            {
                await _turns.RunAsync(prompt);
            }
            catch (Exception e) when (e is LlamaChatException or OperationCanceledException)
            {
                // A failed prompt leaves the chat history as it was, so the conversation can go on.
                CliErrorReporter.Report(e);
            }
            _output.WriteLine();
        }
    }
}
