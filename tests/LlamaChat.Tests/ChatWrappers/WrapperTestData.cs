using System.Text.Json.Nodes;
using LlamaChat.ChatWrappers;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.Tests.ChatWrappers;

/// <summary>Histories shared by the wrapper golden tests, and an assertion that shows the parts' kinds on failure.</summary>
internal static class WrapperTestData
{
    public static SpecialTokensText S(string text) => new(text);

    public const string SystemPrompt = "You are a helpful assistant.";

    public static ChatFunctionDefinition[] Functions { get; } =
    [
        new("getFruitPrice", "Get the price of a fruit",
            JsonNode.Parse("""{"type":"object","properties":{"name":{"type":"string"}}}""")),
    ];

    /// <summary>system, user, model, user: the model's turn is open at the end.</summary>
    public static ChatHistoryItem[] Conversation =>
    [
        new ChatSystemMessage(SystemPrompt),
        new ChatUserMessage("Hi there"),
        new ChatModelResponse(new ChatModelText("Hello!")),
        new ChatUserMessage("How are you?"),
        new ChatModelResponse(),
    ];

    /// <summary>A finished model answer continued: the last model turn has text and stays open.</summary>
    public static ChatHistoryItem[] PartialAnswer =>
    [
        new ChatSystemMessage(SystemPrompt),
        new ChatUserMessage("Hi there"),
        new ChatModelResponse(new ChatModelText("Hel")),
    ];

    public static ChatHistoryItem[] Thoughts =>
    [
        new ChatUserMessage("Hi"),
        new ChatModelResponse(new ChatModelSegment(ChatModelSegmentType.Thought, "Greet back", true), new ChatModelText("Hello!")),
        new ChatUserMessage("Again"),
        new ChatModelResponse(new ChatModelSegment(ChatModelSegmentType.Thought, "Hmm", false)),
    ];

    public static ChatModelFunctionCall Call(string fruit, string price, bool startsNewChunk = false) =>
        new("getFruitPrice", new JsonObject { ["name"] = fruit }, new JsonObject { ["price"] = price }) { StartsNewChunk = startsNewChunk };

    public static ChatHistoryItem[] OneCall =>
    [
        new ChatSystemMessage(SystemPrompt),
        new ChatUserMessage("Apple price?"),
        new ChatModelResponse(Call("apple", "$6", true), new ChatModelText("It is $6.")),
    ];

    public static ChatHistoryItem[] TwoCalls =>
    [
        new ChatUserMessage("Compare"),
        new ChatModelResponse(Call("apple", "$6", true), Call("banana", "$4"), new ChatModelText("Apple.")),
    ];

    /// <summary>
    /// The text as a Hugging Face template would print it, with the golden fixtures' <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>
    /// for BOS/EOS and <paramref name="eot"/> for EOT.
    /// </summary>
    public static string AsTemplateOutput(LlamaText text, string eot = "<|eot_id|>") =>
        string.Concat(text.Values.Select(value => !value.IsSpecialToken ? value.Text : value.Token switch
        {
            SpecialToken.Bos => "<s>",
            SpecialToken.Eos => "</s>",
            SpecialToken.Eot => eot,
            _ => "",
        }));

    public static void AssertText(LlamaText expected, LlamaText actual) =>
        Assert.True(expected == actual, $"Expected:\n{expected.ToDebugString()}\nActual:\n{actual.ToDebugString()}");
}
