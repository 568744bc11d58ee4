using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class PromptCompletionEngineSample
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        // Evaluate the chat history (just the system prompt here) first, so the timings below show completion only.
        await session.PreloadPromptAsync("");

        using var completionEngine = session.CreatePromptCompletionEngine(new PromptCompletionEngineOptions
        {
            // Runs in the background, several times per prompt as the completion grows. A real app would show
            // `completion` only if the input box still holds `prompt`.
            OnGeneration = (prompt, completion) => Console.WriteLine($"Prompt: {prompt} | Completion: {completion}"),
        });

        // As the user types, ask for a completion of each new text; the engine cancels the outdated ones.
        completionEngine.Complete("Hi the");
        await Task.Delay(1500);

        completionEngine.Complete("Hi there");
        await Task.Delay(1500);

        completionEngine.Complete("Hi there! How");
        await Task.Delay(1500);

        // A completion that is already known comes back at once from the cache (and is continued in the background).
        var cachedCompletion = completionEngine.Complete("Hi there! How");
        Console.WriteLine("Cached completion: " + cachedCompletion);
    }
}
