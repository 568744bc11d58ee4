using LlamaChat.Chat;
using LlamaChat.Grammar;
using LlamaChat.Models;

namespace LlamaChat.Samples.Samples;

public static class JsonSchemaResponse
{
    /// <summary>The answer as a C# type: the grammar follows its JSON form (camelCase names, properties in this order).</summary>
    public sealed record UserMessageAnalysis(string[] PositiveWordsInUserMessage, int UserMessagePositivityScoreFromOneToTen, string? NameOfUser);

    public static async Task RunAsync(SampleArgs args)
    {
        using var llama = await Llama.GetLlamaAsync(args.LlamaOptions);
        using var model = await llama.LoadModelAsync(new LlamaModelOptions(await JsonDemoModel.ResolveAsync(args.ModelPath)));
        await using var context = await model.CreateContextAsync();
        using var session = new LlamaChatSession(context.GetSequence());

        // The model can only write JSON that satisfies this schema; the properties come in this order.
        var grammar = llama.CreateGrammarForJsonSchema("""
            {
                "type": "object",
                "properties": {
                    "positiveWordsInUserMessage": {
                        "type": "array",
                        "items": {
                            "type": "string"
                        }
                    },
                    "userMessagePositivityScoreFromOneToTen": {
                        "enum": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                    },
                    "nameOfUser": {
                        "oneOf": [{
                            "type": "null"
                        }, {
                            "type": "string"
                        }]
                    }
                }
            }
            """);

        var prompt = "Hi there! I'm John. Nice to meet you!";

        var res = await session.PromptAsync(prompt, new PromptOptions { Grammar = grammar });
        // Parse checks the answer against the schema again and returns it as a JsonNode.
        var parsedRes = grammar.Parse(res)!;

        Console.WriteLine("User name: " + parsedRes["nameOfUser"]);
        Console.WriteLine("Positive words in user message: " + parsedRes["positiveWordsInUserMessage"]!.ToJsonString());
        Console.WriteLine("User message positivity score: " + parsedRes["userMessagePositivityScoreFromOneToTen"]);

        // The same with a C# record: the schema comes from the type, and Parse returns a UserMessageAnalysis.
        var typedGrammar = llama.CreateGrammarForJsonSchema<UserMessageAnalysis>();
        session.ResetChatHistory();
        var analysis = typedGrammar.Parse(await session.PromptAsync(prompt, new PromptOptions { Grammar = typedGrammar }));

        Console.WriteLine("User name: " + analysis.NameOfUser);
        Console.WriteLine("Positive words in user message: " + string.Join(", ", analysis.PositiveWordsInUserMessage));
        Console.WriteLine("User message positivity score: " + analysis.UserMessagePositivityScoreFromOneToTen);
    }
}
