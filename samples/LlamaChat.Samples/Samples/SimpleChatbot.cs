using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class SimpleChatbot
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var q1 = "Hi there, how are you?";
        Console.WriteLine("User: " + q1);

        var a1 = await session.PromptAsync(q1);
        Console.WriteLine("AI: " + a1);

        // The session remembers the conversation, so the model can refer to its previous answer.
        var q2 = "Summarize what you said";
        Console.WriteLine("User: " + q2);

        var a2 = await session.PromptAsync(q2);
        Console.WriteLine("AI: " + a2);
    }
}
