using LlamaChat.Chat;
using LlamaChat.History;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class ReasoningBudget
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var q1 = "Where do llamas come from?";
        Console.WriteLine("User: " + q1);

        const int maxThoughtTokens = 100;

        var responseTokens = 0;
        var thoughtTokens = 0;

        Console.Write("AI: ");
        var response = await session.PromptAsync(q1, new PromptOptions
        {
            // Once the thoughts reach the budget, the thought segment is closed and the model moves on to its answer.
            Budgets = new ChatBudgets { ThoughtTokens = maxThoughtTokens },
            OnResponseChunk = chunk =>
            {
                var isThoughtSegment = chunk.SegmentType == ChatModelSegmentType.Thought;

                if (chunk.SegmentType is { } type && chunk.SegmentStartTime is not null)
                    Console.Write($" [segment start: {type}] ");

                Console.Write(chunk.Text);

                if (chunk.SegmentType is { } endedType && chunk.SegmentEndTime is not null)
                    Console.Write($" [segment end: {endedType}] ");

                if (isThoughtSegment)
                    thoughtTokens += chunk.Tokens.Count;
                else
                    responseTokens += chunk.Tokens.Count;
            },
        });
        Console.WriteLine();

        Console.WriteLine("Response: " + response);

        Console.WriteLine("Response tokens: " + responseTokens);
        Console.WriteLine("Thought tokens: " + thoughtTokens);
    }
}
