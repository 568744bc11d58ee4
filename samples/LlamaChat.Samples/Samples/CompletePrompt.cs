using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class CompletePrompt
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var q1 = "Give me a recipe for a cheesecake";
        Console.WriteLine("User: " + q1);

        Console.Write("AI: ");
        var a1 = await session.PromptAsync(q1, new PromptOptions
        {
            OnTextChunk = text => Console.Write(text),
        });
        Console.WriteLine();
        Console.WriteLine("AI: " + a1);

        // The completion sees the chat so far, and reuses the sequence's evaluated state.
        // Keep prompt + completion short: a long one can force the context to shift.
        var maxTokens = 100;
        var partialPrompt = "Can I replace the cream cheese with ";

        var maxCompletionTokens = maxTokens - model.Tokenize(partialPrompt).Length;
        Console.WriteLine("Partial prompt: " + partialPrompt);
        Console.Write("Completion: ");
        var promptCompletion = await session.CompletePromptAsync(partialPrompt, new CompletePromptOptions
        {
            MaxTokens = maxCompletionTokens,
            OnTextChunk = text => Console.Write(text),
        });
        Console.WriteLine();
        Console.WriteLine("Prompt completion: " + promptCompletion);
    }
}
