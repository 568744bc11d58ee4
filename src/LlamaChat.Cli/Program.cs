using LlamaChat.Cli.Commands;
using LlamaChat.Cli.Terminal;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("llamachat");
    config.UseStrictParsing();
    config.AddCommand<ChatCommand>("chat")
        .WithDescription("Chat with a GGUF model (a tiny forged demo model when --model is not given).")
        .WithExample("chat", "--model", "models/Qwen3-1.7B-Q4_K_M.gguf")
        .WithExample("chat", "--prompt", "Hi", "--threads", "1");
    config.AddCommand<InspectCommand>("inspect")
        .WithDescription("Show a summary of a GGUF file's metadata without loading the model.")
        .WithExample("inspect", "models/Qwen3-1.7B-Q4_K_M.gguf");
    config.SetExceptionHandler((exception, _) => CliErrorReporter.Report(exception));
});
return await app.RunAsync(args);
