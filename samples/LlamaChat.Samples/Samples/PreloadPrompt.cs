using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class PreloadPrompt
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var prompt = "Hi there, how are you?";

        // Evaluating the prompt ahead of time (e.g. while the user is still looking at it) makes the answer start
        // at once when it is sent. Preloading right before prompting saves nothing.
        Console.WriteLine("Preloading prompt");
        await session.PreloadPromptAsync(prompt);

        Console.WriteLine("Prompt preloaded. Waiting 2 seconds");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Console.WriteLine("Generating response...");
        Console.Write("AI: ");
        var response = await session.PromptAsync(prompt, new PromptOptions
        {
            OnTextChunk = text => Console.Write(text),
        });
        Console.WriteLine();

        Console.WriteLine("AI: " + response);
    }
}
