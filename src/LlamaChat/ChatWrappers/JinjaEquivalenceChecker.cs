using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Decides whether a specialized wrapper renders a model's Jinja template identically: both render the same test
/// conversations (and function-call conversations when the template has tool support) and the texts must be equal,
/// ignoring trailing white space and a leading BOS; the template's end-of-turn text must be covered by the wrapper's
/// stop triggers.
/// </summary>
internal sealed class JinjaEquivalenceChecker
{
    private static readonly DateTimeOffset Clock = new(SpecializedWrapperCandidates.TestDate, new TimeOnly(12, 0), TimeSpan.Zero);
    private const string System = "You are a helpful assistant. Answer briefly.";

    private static readonly ChatFunctionDefinition[] Functions =
    [
        new("getFruitPrice", "Get the price of a fruit", JsonNode.Parse(
            """{"type": "object", "properties": {"name": {"type": "string", "description": "The fruit's name"}}, "required": ["name"]}""")),
    ];

    private readonly string _template;
    private readonly Dictionary<(bool Trim, string Parameters), JinjaTemplateChatWrapper?> _jinjaWrappers = new();

    public JinjaEquivalenceChecker(string template) => _template = template;

    private static IReadOnlyList<IReadOnlyList<ChatHistoryItem>> Conversations =>
    [
        [new ChatSystemMessage(System), new ChatUserMessage("Hi there, how are you?"), new ChatModelResponse()],
        [
            new ChatSystemMessage(System), new ChatUserMessage("Hi there, how are you?"),
            new ChatModelResponse(new ChatModelText("I'm fine, thanks! How can I help?")),
            new ChatUserMessage("Summarize what you said"), new ChatModelResponse(),
        ],
        [new ChatUserMessage("Quotes \"double\" and 'single', braces {{ x }}, tags <b>bold</b>, h\u00e9llo"), new ChatModelResponse()],
    ];

    private static IReadOnlyList<ChatHistoryItem> FunctionConversation =>
    [
        new ChatSystemMessage(System), new ChatUserMessage("What does an apple cost?"),
        new ChatModelResponse(new ChatModelFunctionCall("getFruitPrice", new JsonObject { ["name"] = "apple" }, "{\"name\": \"apple\", \"price\": \"$6\"}")),
    ];

    /// <summary>Null when equivalent; otherwise where and why not.</summary>
    public JinjaDifference? FindDifference(JinjaMatchConfiguration configuration)
    {
        JinjaDifference? firstDifference = null;
        foreach (var trim in new[] { true, false })
        {
            var jinja = GetJinjaWrapper(trim, configuration.RenderParameters);
            if (jinja is null)
                return new JinjaDifference(0, "the template cannot be rendered");

            var difference = Compare(jinja, configuration);
            if (difference is null)
                return null;

            firstDifference ??= difference;
        }

        return firstDifference;
    }

    private JinjaDifference? Compare(JinjaTemplateChatWrapper jinja, JinjaMatchConfiguration configuration)
    {
        var specialized = configuration.Test();
        var conversations = Conversations.Select(history => (history, (IReadOnlyList<ChatFunctionDefinition>)[])).ToList();
        if (configuration.CompareFunctionCalls && jinja.UsesTemplateFunctionCalling)
            conversations.Add((FunctionConversation, Functions));

        foreach (var (history, functions) in conversations)
        {
            string expected, actual;
            ChatWrapperContextState jinjaState;
            try
            {
                jinjaState = jinja.GenerateContextState(history, functions);
                expected = Comparable(jinjaState.ContextText);
                actual = Comparable(specialized.GenerateContextState(history, functions).ContextText);
            }
            catch (LlamaChatException e)
            {
                return new JinjaDifference(0, "rendering failed: " + e.Message);
            }

            if (expected != actual)
                return DescribeDifference(expected, actual);

            var uncovered = jinjaState.StopGenerationTriggers.Skip(1).FirstOrDefault(trigger => !IsCovered(trigger, specialized.GenerateContextState(history, functions)));
            if (uncovered is not null)
                return new JinjaDifference(int.MaxValue / 2, $"the template ends a model turn with {uncovered.ToDebugString()}, which the wrapper does not stop on");
        }

        return null;
    }

    private static bool IsCovered(LlamaText jinjaTrigger, ChatWrapperContextState specialized)
    {
        var text = Comparable(jinjaTrigger);
        if (text.Length == 0)
            return true;

        return specialized.StopGenerationTriggers.Any(trigger =>
            trigger.Values.All(value => value.IsSpecialToken) ||
            Comparable(trigger) is { Length: > 0 } triggerText && (text.StartsWith(triggerText, StringComparison.Ordinal) || triggerText.StartsWith(text, StringComparison.Ordinal)));
    }

    private JinjaTemplateChatWrapper? GetJinjaWrapper(bool trim, JsonObject? parameters)
    {
        var key = (trim, parameters?.ToJsonString() ?? "");
        if (_jinjaWrappers.TryGetValue(key, out var wrapper))
            return wrapper;

        try
        {
            wrapper = new JinjaTemplateChatWrapper(new JinjaTemplateChatWrapperOptions
            {
                Template = _template,
                TrimLeadingWhitespaceInResponses = trim,
                AdditionalRenderParameters = parameters,
                Clock = () => Clock,
            });
        }
        catch (ChatWrapperTemplateException)
        {
            wrapper = null;
        }

        _jinjaWrappers[key] = wrapper;
        return wrapper;
    }

    /// <summary>The text with special tokens as markers, trailing white space and a leading BOS removed.</summary>
    private static string Comparable(LlamaText text)
    {
        var result = string.Concat(text.Values.Select(value => value.IsSpecialToken ? "\u241F" + SpecialTokenNames.ToName(value.Token) + "\u241F" : value.Text));
        const string bos = "\u241FBOS\u241F";
        if (result.StartsWith(bos, StringComparison.Ordinal))
            result = result[bos.Length..];

        return result.TrimEnd();
    }

    private static JinjaDifference DescribeDifference(string expected, string actual)
    {
        var index = 0;
        while (index < expected.Length && index < actual.Length && expected[index] == actual[index])
            index++;

        static string Around(string text, int index) =>
            PythonStyleJson.Quote(text.Substring(Math.Max(0, index - 20), Math.Min(text.Length, index + 30) - Math.Max(0, index - 20)));

        return new JinjaDifference(index, $"at character {index} the template writes {Around(expected, index)} but the wrapper writes {Around(actual, index)}");
    }
}
