using LlamaChat.Chat;
using LlamaChat.Grammar;
using LlamaChat.Cli.Chat;
using LlamaChat.Cli.Terminal;
using Spectre.Console.Cli;

namespace LlamaChat.Cli.Commands;

/// <summary><c>llamachat chat</c>: an interactive, streaming chat with a model, or one answer with <c>--prompt</c>.</summary>
public sealed class ChatCommand : AsyncCommand<ChatSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ChatSettings settings, CancellationToken cancellationToken)
    {
        var promptOptions = ToPromptOptions(settings); // a bad grammar or schema fails before the model loads
        var source = await ModelSource.ResolveAsync(settings.ModelPath, cancellationToken);
        await using var runtime = await ChatRuntime.LoadAsync(source, settings, cancellationToken);
        ChatHeader.Write(ConsoleFactory.Diagnostics, runtime, source);

        using var interrupter = new AnswerInterrupter();
        var turns = new ChatTurnRunner(runtime.Session, promptOptions, interrupter, Console.Out, ConsoleFactory.OutputSupportsAnsi);
        if (settings.Prompt is { } prompt)
        {
            await turns.RunAsync(prompt);
            return 0;
        }

        await new ChatRepl(turns, Console.In, Console.Out, echoInput: Console.IsInputRedirected).RunAsync();
        return 0;
    }

    private static PromptOptions ToPromptOptions(ChatSettings settings) => new()
    {
        Temperature = settings.Temperature,
        Seed = settings.Seed,
        MaxTokens = settings.MaxTokens,
        Grammar = settings.Grammar is { } name ? LlamaGrammar.BuiltIn(name)
            : settings.JsonSchemaFile is { } path ? JsonSchemaGrammar.FromSchema(File.ReadAllText(path))
            : null,
    };
}
