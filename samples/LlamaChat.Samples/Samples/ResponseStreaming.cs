using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class ResponseStreaming
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var q1 = "Hi there, how are you?";
        Console.WriteLine("User: " + q1);

        // A callback receives each piece of text as soon as it is generated.
        Console.Write("AI: ");
        await session.PromptAsync(q1, new PromptOptions
        {
            OnTextChunk = chunk => Console.Write(chunk),
        });
        Console.WriteLine();

        // Or consume the answer as an async stream (thoughts and comments included; see stream-response-segments).
        var q2 = "Summarize what you said";
        Console.WriteLine("User: " + q2);

        Console.Write("AI: ");
        await foreach (var chunk in session.PromptStreamAsync(q2))
            Console.Write(chunk.Text);
        Console.WriteLine();
    }
}
