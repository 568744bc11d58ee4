using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using LlamaChat.Chat;
using LlamaChat.Grammar;
using LlamaChat.History;
using LlamaChat.Tests.Grammar;
using LlamaChat.Tests.Support;

namespace LlamaChat.Tests.Chat;

/// <summary>
/// The guide's "JSON Response" and "JSON Response With a Schema" examples through a chat session on real inference:
/// scripted models give known answers to assert on; a random-weight model at temperature above 1 shows that whatever
/// the model writes under the grammar parses and validates.
/// </summary>
public class JsonResponseTests
{
    /// <summary>The typed form of the guide's schema (camelCase names by default, in declaration order).</summary>
    public sealed record UserMessageAnalysis(string[] PositiveWordsInUserMessage, int UserMessagePositivityScoreFromOneToTen, string? NameOfUser);

    [Fact]
    public async Task JsonResponseParsesAndTheSecondAnswerAddsTheAuthor()
    {
        var llama = await TestModels.GetLlamaAsync();
        var model = await JsonChatModels.JsonResponseAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var session = new LlamaChatSession(context.GetSequence());
        var grammar = llama.GetGrammarFor("json");

        var a1 = await session.PromptWithMetaAsync(JsonChatModels.FirstJsonQuestion, new PromptOptions { Grammar = grammar, MaxTokens = context.ContextSize });
        Assert.Equal(JsonChatModels.FirstJsonAnswer, a1.ResponseText);
        Assert.Equal(StopReason.EogToken, a1.StopReason); // the object is complete: the grammar allows nothing but the end
        Assert.Equal("hi there", (string?)JsonNode.Parse(a1.ResponseText)!["message"]);

        var a2 = await session.PromptAsync(JsonChatModels.SecondJsonQuestion, new PromptOptions { Grammar = grammar, MaxTokens = context.ContextSize });
        Assert.Equal(JsonChatModels.SecondJsonAnswer, a2);
        var json = JsonNode.Parse(a2)!.AsObject();
        Assert.Equal(["message", "author"], json.Select(p => p.Key));
        Assert.Equal("hi there", (string?)json["message"]);
        Assert.Equal("Llama", (string?)json["author"]);
        Assert.Equal(5, session.GetChatHistory().Count);
    }

    [Fact]
    public async Task JsonSchemaResponseEndsAtTheStopTriggerAndParses()
    {
        var llama = await TestModels.GetLlamaAsync();
        var model = await JsonChatModels.JsonSchemaAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var session = new LlamaChatSession(context.GetSequence());
        var grammar = llama.CreateGrammarForJsonSchema(JsonChatModels.Schema);

        var result = await session.PromptWithMetaAsync(JsonChatModels.SchemaQuestion, new PromptOptions { Grammar = grammar });
        // The model wants to end after "}", but the grammar holds it to the four line breaks; they end the answer
        // and are not part of it.
        Assert.Equal(JsonChatModels.SchemaAnswer, result.ResponseText);
        Assert.Equal(StopReason.StopGenerationTrigger, result.StopReason);

        var parsed = grammar.Parse(result.ResponseText)!;
        Assert.Equal("John", (string?)parsed["nameOfUser"]);
        Assert.Equal(["Nice"], parsed["positiveWordsInUserMessage"]!.AsArray().Select(w => (string?)w));
        Assert.Equal(8, (int)parsed["userMessagePositivityScoreFromOneToTen"]!);
        Assert.Equal(JsonChatModels.SchemaAnswer, ((ChatModelResponse)session.GetChatHistory()[^1]).ResponseText);
    }

    [Fact]
    public async Task TypedSchemaResponseParsesIntoARecord()
    {
        var llama = await TestModels.GetLlamaAsync();
        var model = await JsonChatModels.JsonSchemaAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 1024);
        using var session = new LlamaChatSession(context.GetSequence());
        var grammar = llama.CreateGrammarForJsonSchema<UserMessageAnalysis>();

        var answer = await session.PromptAsync(JsonChatModels.SchemaQuestion, new PromptOptions { Grammar = grammar });
        var parsed = grammar.Parse(answer);
        Assert.Equal("John", parsed.NameOfUser);
        Assert.Equal(["Nice"], parsed.PositiveWordsInUserMessage);
        Assert.Equal(8, parsed.UserMessagePositivityScoreFromOneToTen);
    }

    [Fact]
    public async Task SampledAnswersOfARandomModelAlwaysParseAndValidate()
    {
        var llama = await TestModels.GetLlamaAsync();
        var model = await JsonInferenceModel.LoadAsync();
        await using var context = await TestModels.ContextAsync(model, contextSize: 2048);
        using var session = new LlamaChatSession(context.GetSequence());
        var schemaGrammar = llama.CreateGrammarForJsonSchema(JsonChatModels.Schema);
        var typedGrammar = llama.CreateGrammarForJsonSchema<UserMessageAnalysis>();
        var jsonGrammar = llama.GetGrammarFor("json");
        var independent = JsonSchema.FromText(JsonChatModels.Schema);
        var answers = new HashSet<string>();
        for (uint seed = 1; seed <= 4; seed++)
        {
            var options = PromptOptionsFor(JsonInferenceModel.Sampling(model, temperature: 1.1f + 0.1f * seed, seed));

            session.ResetChatHistory();
            var answer = await session.PromptWithMetaAsync(JsonChatModels.SchemaQuestion, options with { Grammar = schemaGrammar });
            Assert.Equal(StopReason.StopGenerationTrigger, answer.StopReason);
            answers.Add(answer.ResponseText);
            var parsed = schemaGrammar.Parse(answer.ResponseText);
            Assert.True(independent.Evaluate(JsonSerializer.SerializeToElement(parsed)).IsValid, answer.ResponseText);
            Assert.Equal(answer.ResponseText.TrimEnd(), answer.ResponseText);

            session.ResetChatHistory();
            var typed = typedGrammar.Parse(await session.PromptAsync(JsonChatModels.SchemaQuestion, options with { Grammar = typedGrammar }));
            Assert.NotNull(typed.PositiveWordsInUserMessage);

            session.ResetChatHistory();
            var json = await session.PromptWithMetaAsync(JsonChatModels.FirstJsonQuestion, options with { Grammar = jsonGrammar });
            Assert.Equal(StopReason.EogToken, json.StopReason);
            Assert.IsType<JsonObject>(JsonNode.Parse(json.ResponseText));
        }
        Assert.True(answers.Count > 1, "every seed gave the same answer");
    }

    private static PromptOptions PromptOptionsFor(Evaluation.SamplingOptions sampling) => new()
    {
        Temperature = sampling.Temperature, Seed = sampling.Seed, TopK = sampling.TopK, TopP = sampling.TopP,
        TokenBias = sampling.TokenBias, MaxTokens = 600,
    };
}
