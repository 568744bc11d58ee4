using LlamaChat.Chat;
using LlamaChat.Evaluation;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class RepeatPenalty
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var q1 = "Write a poem about llamas";
        Console.WriteLine("User: " + q1);

        var a1 = await session.PromptAsync(q1, new PromptOptions
        {
            RepeatPenalty = new RepeatPenaltyOptions
            {
                LastTokens = 24,
                Penalty = 1.12f,
                PenalizeNewLine = true,
                FrequencyPenalty = 0.02f,
                PresencePenalty = 0.02f,
                // Allow the model to repeat tokens that contain the word "better".
                PunishTokensFilter = tokens => tokens
                    .Where(token => !model.Detokenize([token]).Contains("better", StringComparison.OrdinalIgnoreCase))
                    .ToList(),
            },
        });
        Console.WriteLine("AI: " + a1);
    }
}
