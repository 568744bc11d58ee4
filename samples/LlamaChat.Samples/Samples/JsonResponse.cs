using System.Text.Json.Nodes;
using LlamaChat.Chat;
using LlamaChat.Grammar;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class JsonResponse
{
    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(await JsonDemoModel.ResolveAsync(args.ModelPath)));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());
        // The built-in "json" grammar lets the model write nothing but one JSON object.
        var grammar = llama.GetGrammarFor("json");

        var q1 = "Create a JSON that contains a message saying \"hi there\"";
        Console.WriteLine("User: " + q1);

        var a1 = await session.PromptAsync(q1, new PromptOptions
        {
            Grammar = grammar,
            MaxTokens = context.ContextSize,
        });
        Console.WriteLine("AI: " + a1);
        Console.WriteLine(JsonNode.Parse(a1));

        var q2 = "Add another field to the JSON with the key being \"author\" " +
            "and the value being \"Llama\"";
        Console.WriteLine("User: " + q2);

        var a2 = await session.PromptAsync(q2, new PromptOptions
        {
            Grammar = grammar,
            MaxTokens = context.ContextSize,
        });
        Console.WriteLine("AI: " + a2);
        Console.WriteLine(JsonNode.Parse(a2));
    }
}
