using LlamaChat.Chat;
using LlamaChat.ChatWrappers;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class SpecificChatWrapper
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(new LlamaChatSessionOptions(context.GetSequence())
        {
            // Without this, the session picks the chat format that matches the model.
            ChatWrapper = new GeneralChatWrapper(),
        });

        var q1 = "Hi there, how are you?";
        Console.WriteLine("User: " + q1);

        var a1 = await session.PromptAsync(q1);
        Console.WriteLine("AI: " + a1);

        var q2 = "Summarize what you said";
        Console.WriteLine("User: " + q2);

        var a2 = await session.PromptAsync(q2);
        Console.WriteLine("AI: " + a2);
    }
}
