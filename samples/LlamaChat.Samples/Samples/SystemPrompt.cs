using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class SystemPrompt
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence())
        {
            // The system prompt steers every answer of the session: tell the model how to behave,
            // and to say so rather than make things up when it does not know.
            SystemPrompt = "You are a helpful, respectful and honest botanist. " +
                "Always answer as helpfully as possible.\n" +
                "If a question does not make any sense or is not factually coherent, " +
                "explain why instead of answering something incorrectly.\n" +
                "Attempt to include nature facts that you know in your answers.\n" +
                "If you don't know the answer to a question, don't share false information.",
        });

        var q1 = "What is the tallest tree in the world?";
        Console.WriteLine("User: " + q1);

        var a1 = await session.PromptAsync(q1);
        Console.WriteLine("AI: " + a1);
    }
}
