using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class ResponsePrefix
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var q1 = "Hi there, how are you?";
        Console.WriteLine("User: " + q1);

        // The answer is made to start with this text, and the model continues from it.
        var a1 = await session.PromptAsync(q1, new PromptOptions
        {
            ResponsePrefix = "The weather today is",
        });
        Console.WriteLine("AI: " + a1);
    }
}
