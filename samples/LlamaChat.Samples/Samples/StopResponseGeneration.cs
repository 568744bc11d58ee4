using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class StopResponseGeneration
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        using var cancellation = new CancellationTokenSource();
        var q1 = "Hi there, how are you?";
        Console.WriteLine("User: " + q1);

        var response = "";
        var a1 = await session.PromptAsync(q1, new PromptOptions
        {
            // Cancelling stops the answer and returns what was generated so far (it stays in the chat history)
            // instead of throwing OperationCanceledException.
            StopOnAbortSignal = true,
            OnTextChunk = chunk =>
            {
                response += chunk;
                if (response.Length >= 10)
                    cancellation.Cancel();
            },
        }, cancellation.Token);
        Console.WriteLine("AI: " + a1);
    }
}
