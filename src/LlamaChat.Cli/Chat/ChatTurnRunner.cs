using LlamaChat.Chat;

namespace LlamaChat.Cli.Chat;

/// <summary>Sends one prompt to the session and streams the answer to stdout; Ctrl+C stops the answer early.</summary>
public sealed class ChatTurnRunner
{
    private readonly LlamaChatSession _session;
    private readonly PromptOptions _options;
    private readonly AnswerInterrupter _interrupter;
    private readonly TextWriter _output;
    private readonly bool _ansi;

    public ChatTurnRunner(LlamaChatSession session, PromptOptions options, AnswerInterrupter interrupter, TextWriter output, bool ansi)
    {
        _session = session;
        // StopOnAbortSignal turns Ctrl+C into "keep what was said so far" rather than an exception.
        _options = options with { StopOnAbortSignal = true };
        _interrupter = interrupter;
        _output = output;
        _ansi = ansi;
    }

    /// <summary>Answers <paramref name="prompt"/>, writing the answer as it is generated.</summary>
    public async Task<PromptResult> RunAsync(string prompt)
    {
        var writer = new ResponseChunkWriter(_output, _ansi);
        var options = _options with { OnResponseChunk = writer.Write };
        PromptResult result;
        try
        {
            result = await _interrupter.RunAsync(token => _session.PromptWithMetaAsync(prompt, options, token));
        }
        finally
        {
            writer.EndLine(); // so that an error message starts on a line of its own
        }
        // Notes go to stderr so that a script reading stdout gets only the answer.
        if (result.StopReason is StopReason.Abort) Console.Error.WriteLine("[stopped]");
        else if (result.StopReason is StopReason.MaxTokens) Console.Error.WriteLine("[stopped at --max-tokens]");
        return result;
    }
}
