using LlamaChat.Chat;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class FunctionCalling
{
    private static readonly Dictionary<string, string> FruitPrices = new() { ["apple"] = "$6", ["banana"] = "$4" };

    /// <summary>The parameters the model passes to getFruitPrice; the JSON schema is made from this record.</summary>
    public sealed record FruitQuery(string Name);

    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(args.ModelPath));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        var functions = new Dictionary<string, ChatSessionFunction>
        {
            ["getFruitPrice"] = ChatSessionFunction.Define<FruitQuery>("Get the price of a fruit", query =>
            {
                var name = query.Name.ToLowerInvariant();
                if (FruitPrices.TryGetValue(name, out var price))
                    return new { name, price };

                return $"Unrecognized fruit \"{query.Name}\"";
            }),
        };

        var q1 = "Is an apple more expensive than a banana?";
        Console.WriteLine("User: " + q1);

        // The session runs the handlers the model calls and gives the results back, until the model answers in text.
        var a1 = await session.PromptAsync(q1, new PromptOptions { Functions = functions });
        Console.WriteLine("AI: " + a1);
    }
}
