using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class CustomTemperature
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var q1 = "Hi there, how are you?";
        Console.WriteLine("User: " + q1);

        // A temperature above 0 makes answers vary; the same seed with the same temperature gives the same answer again.
        var a1 = await session.PromptAsync(q1, new PromptOptions
        {
            Temperature = 0.8f,
            TopK = 40,
            TopP = 0.02f,
            Seed = 2462,
        });
        Console.WriteLine("AI: " + a1);
    }
}
