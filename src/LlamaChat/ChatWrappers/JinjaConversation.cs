using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// A chat history as the OpenAI-style <c>messages</c> a Jinja chat template expects, with placeholders instead of
/// contents. The content of the last, open model message is kept aside (<see cref="OpenModelText"/>): the template
/// renders everything before it plus the generation prompt, and that content is appended.
/// </summary>
internal sealed class JinjaConversation
{
    private readonly JinjaTemplateChatWrapper _wrapper;
    private readonly JinjaPlaceholders _ids;
    private int _callCount;

    public JinjaConversation(JinjaTemplateChatWrapper wrapper, string template, JinjaPlaceholders? ids = null)
    {
        _wrapper = wrapper;
        _ids = ids ?? new JinjaPlaceholders(template);
        Placeholders[_ids.Next()] = SpecialToken.Bos;
        Placeholders[_ids.Next()] = SpecialToken.Eos;
    }

    /// <summary>The messages to render.</summary>
    public JsonArray Messages { get; } = [];

    /// <summary>Every placeholder and the text it stands for (including BOS and EOS).</summary>
    public Dictionary<string, LlamaText> Placeholders { get; } = new(StringComparer.Ordinal);

    /// <summary>The placeholders of message contents, all of which must appear in the output.</summary>
    public List<string> ContentPlaceholders { get; } = [];

    /// <summary>Strings the template writes from the conversation that must stay plain text (function names, params, call ids).</summary>
    public HashSet<string> PlainStrings { get; } = new(StringComparer.Ordinal);

    /// <summary>The ids given to tool calls, in order.</summary>
    public List<string> CallIds { get; } = [];

    /// <summary>The content of the open model message at the end, appended after the rendered template.</summary>
    public LlamaText OpenModelText { get; private set; } = LlamaText.Empty;

    public void AddHistory(IReadOnlyList<ChatHistoryItem> history, bool useTemplateTools)
    {
        var items = Normalize(history);
        for (var i = 0; i < items.Count; i++)
        {
            var (role, text, model) = items[i];
            if (model is not null)
                AddModel(model, i == items.Count - 1, useTemplateTools);
            else
                AddContentMessage(role, text!);
        }
    }

    /// <summary>Adds a message whose content is a placeholder for <paramref name="text"/>.</summary>
    public string AddContentMessage(string role, LlamaText text)
    {
        var id = AddPlaceholder(text);
        Messages.Add(new JsonObject { ["role"] = role, ["content"] = id });
        return id;
    }

    /// <summary>Adds an assistant message with tool calls and the tool messages with their results.</summary>
    public void AddToolCalls(LlamaText? content, IReadOnlyList<ChatModelFunctionCall> calls)
    {
        var toolCalls = new JsonArray();
        var results = new List<JsonObject>();
        foreach (var call in calls)
        {
            var callId = $"c{++_callCount:D8}";
            PlainStrings.Add(call.Name);
            PlainStrings.Add(callId);
            CallIds.Add(callId);
            var arguments = call.Params?.DeepClone() ?? new JsonObject();
            PlainStrings.Add(PythonStyleJson.Serialize(arguments));
            toolCalls.Add(new JsonObject
            {
                ["id"] = callId,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = arguments },
            });

            var resultText = call.Result switch
            {
                null => "void",
                JsonValue value when value.TryGetValue<string>(out var text) => text,
                var other => PythonStyleJson.Serialize(other),
            };
            results.Add(new JsonObject
            {
                ["role"] = "tool",
                ["tool_call_id"] = callId,
                ["name"] = call.Name,
                ["content"] = AddPlaceholder(resultText),
            });
        }

        Messages.Add(new JsonObject
        {
            ["role"] = _wrapper.Options.ModelRoleName,
            ["content"] = content is null || content.IsEmpty ? "" : AddPlaceholder(content),
            ["tool_calls"] = toolCalls,
        });
        foreach (var result in results)
            Messages.Add(result);
    }

    private string AddPlaceholder(LlamaText text)
    {
        var id = _ids.Next();
        Placeholders[id] = text;
        ContentPlaceholders.Add(id);
        return id;
    }

    private void AddModel(IReadOnlyList<ChatModelResponseItem> response, bool isLast, bool useTemplateTools)
    {
        if (!useTemplateTools)
        {
            AddModelContent(_wrapper.GenerateModelResponseText(response), isLast, hadCalls: false);
            return;
        }

        var pendingText = new List<ChatModelResponseItem>();
        var pendingCalls = new List<ChatModelFunctionCall>();
        var hadCalls = false;

        void FlushCalls()
        {
            if (pendingCalls.Count == 0)
                return;

            AddToolCalls(RenderContent(pendingText), pendingCalls.ToList());
            pendingText.Clear();
            pendingCalls.Clear();
            hadCalls = true;
        }

        foreach (var item in response)
        {
            if (item is ChatModelFunctionCall call)
            {
                if (call.StartsNewChunk)
                    FlushCalls();
                pendingCalls.Add(call);
                continue;
            }

            FlushCalls();
            pendingText.Add(item);
        }

        FlushCalls();
        AddModelContent(RenderContent(pendingText), isLast, hadCalls);
    }

    private void AddModelContent(LlamaText content, bool isLast, bool hadCalls)
    {
        if (isLast)
            OpenModelText = content;
        else if (!content.IsEmpty || !hadCalls)
            AddContentMessage(_wrapper.Options.ModelRoleName, content);
    }

    private LlamaText RenderContent(IReadOnlyList<ChatModelResponseItem> items)
    {
        var text = _wrapper.GenerateModelResponseText(items);
        return _wrapper.Options.TrimLeadingWhitespaceInResponses ? text.TrimStart() : text;
    }

    /// <summary>
    /// The history as (role, text, model items): system messages turned into user messages when the template cannot
    /// take them, and adjacent messages of the same role joined when asked to.
    /// </summary>
    private List<(string Role, LlamaText? Text, List<ChatModelResponseItem>? Model)> Normalize(IReadOnlyList<ChatHistoryItem> history)
    {
        var options = _wrapper.Options;
        var result = new List<(string Role, LlamaText? Text, List<ChatModelResponseItem>? Model)>();
        foreach (var item in history)
        {
            var entry = item switch
            {
                ChatSystemMessage system when _wrapper.SystemMessagesAsUser => (options.UserRoleName, _wrapper.SystemAsUserText(system.Text), null),
                ChatSystemMessage system => (options.SystemRoleName, system.Text, null),
                ChatUserMessage user => (options.UserRoleName, (LlamaText)user.Text, null),
                ChatModelResponse model => (options.ModelRoleName, null, model.Response.ToList()),
                _ => ((string, LlamaText?, List<ChatModelResponseItem>?)?)null,
            };
            if (entry is null)
                continue;

            var (role, text, modelItems) = entry.Value;

            var previous = result.Count > 0 ? result[^1] : default;
            var join = options.JoinAdjacentMessagesOfTheSameType && result.Count > 0 && previous.Role == role &&
                       (previous.Model is null) == (modelItems is null);
            if (join)
            {
                result[^1] = modelItems is not null
                    ? (role, null, previous.Model!.Concat(modelItems).ToList())
                    : (role, new LlamaText(previous.Text, "\n\n", text), null);
                continue;
            }

            result.Add((role, text, modelItems));
        }

        return result;
    }
}
