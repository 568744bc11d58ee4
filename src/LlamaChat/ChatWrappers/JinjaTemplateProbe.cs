using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Learns how a Jinja chat template behaves by rendering small conversations through it: whether it takes system
/// messages, what it writes after a model message, and how it writes tool calls.
/// </summary>
internal sealed class JinjaTemplateProbe(JinjaTemplateChatWrapper wrapper)
{
    private JinjaTemplateChatWrapperOptions Options => wrapper.Options;

    public void RequireSimpleConversation()
    {
        var conversation = NewConversation();
        var user = conversation.AddContentMessage(Options.UserRoleName, "Hi there");
        string output;
        try
        {
            output = Render(conversation, addGenerationPrompt: true);
        }
        catch (TemplateException e)
        {
            throw new ChatWrapperTemplateException($"The chat template fails to render a conversation with one user message: {e.Message}", e);
        }

        if (!output.Contains(user, StringComparison.Ordinal))
            throw new ChatWrapperTemplateException("The chat template does not write the user's message when rendering a one-message conversation.");
    }

    public bool SupportsSystemMessages()
    {
        var conversation = NewConversation();
        var system = conversation.AddContentMessage(Options.SystemRoleName, "System text");
        conversation.AddContentMessage(Options.UserRoleName, "Hi there");
        try
        {
            return Render(conversation, addGenerationPrompt: true).Contains(system, StringComparison.Ordinal);
        }
        catch (TemplateException)
        {
            return false;
        }
    }

    /// <summary>What the template writes after a finished model message: the end-of-turn text, used as a stop trigger.</summary>
    public LlamaText EndOfModelTurn()
    {
        var conversation = NewConversation();
        conversation.AddContentMessage(Options.UserRoleName, "Hi there");
        var model = conversation.AddContentMessage(Options.ModelRoleName, "Hello");
        try
        {
            var output = Render(conversation, addGenerationPrompt: false);
            var index = output.LastIndexOf(model, StringComparison.Ordinal);
            return index < 0 ? LlamaText.Empty : Split(conversation, output[(index + model.Length)..]);
        }
        catch (TemplateException)
        {
            return LlamaText.Empty;
        }
    }

    /// <summary>
    /// Extracts the call syntax by rendering a conversation with one tool call and comparing it with one without;
    /// null when the template has no usable tool support.
    /// </summary>
    public JinjaToolSyntax? ExtractToolSyntax()
    {
        try
        {
            return TryExtractToolSyntax();
        }
        catch (TemplateException)
        {
            return null;
        }
    }

    private JinjaToolSyntax? TryExtractToolSyntax()
    {
        var suffixId = Guid.NewGuid().ToString("N")[..8];
        var functionName = "fn" + suffixId;
        var argumentValue = "v" + suffixId;
        var function = new ChatFunctionDefinition(functionName, "A test function",
            new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["arg"] = new JsonObject { ["type"] = "string" } } });
        var tools = JinjaTemplateChatWrapper.ToolsJson([function], documentParams: true);

        // The model turn's header, from a plain answer.
        var plain = NewConversation();
        var user = plain.AddContentMessage(Options.UserRoleName, "Hi there");
        var answer = plain.AddContentMessage(Options.ModelRoleName, "Hello");
        var nextUser = plain.AddContentMessage(Options.UserRoleName, "Thanks");
        var plainOutput = Render(plain, addGenerationPrompt: false, tools);
        var header = Between(plainOutput, user, answer);
        var endOfTurn = Between(plainOutput, answer, nextUser);
        if (header is null || endOfTurn is null)
            return null;

        // The same turn with a tool call and its result.
        var withCall = NewConversation();
        var parameters = new JsonObject { ["arg"] = argumentValue };
        var callUser = withCall.AddContentMessage(Options.UserRoleName, "Hi there");
        withCall.AddToolCalls(null, [new ChatModelFunctionCall(functionName, parameters, "result")]);
        var resultId = withCall.ContentPlaceholders[^1];
        var output = Render(withCall, addGenerationPrompt: true, tools);

        var userIndex = output.IndexOf(callUser, StringComparison.Ordinal);
        var nameIndex = userIndex < 0 ? -1 : output.IndexOf(functionName, userIndex, StringComparison.Ordinal);
        if (nameIndex < 0)
            return null;

        var beforeName = output[(userIndex + callUser.Length)..nameIndex];
        if (!beforeName.StartsWith(header, StringComparison.Ordinal) || beforeName.Length == header.Length)
            return null;

        var paramsJson = PythonStyleJson.Serialize(parameters);
        var nameEnd = nameIndex + functionName.Length;
        var paramsIndex = output.IndexOf(paramsJson, nameEnd, StringComparison.Ordinal);
        var resultIndex = paramsIndex < 0 ? -1 : output.IndexOf(resultId, paramsIndex, StringComparison.Ordinal);
        if (resultIndex < 0)
            return null;

        var paramsEnd = paramsIndex + paramsJson.Length;
        var afterParams = output[paramsEnd..resultIndex];
        var suffixLength = CallSuffixLength(afterParams, endOfTurn);

        return new JinjaToolSyntax(new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = Split(withCall, beforeName[header.Length..]),
                ParamsPrefix = Split(withCall, output[nameEnd..paramsIndex]),
                Suffix = Split(withCall, afterParams[..suffixLength]),
                EmptyCallParamsPlaceholder = new JsonObject(),
            },
            Result = new FunctionResultSyntax
            {
                Prefix = Split(withCall, afterParams[suffixLength..]),
                Suffix = Split(withCall, output[(resultIndex + resultId.Length)..]),
            },
        });
    }

    /// <summary>
    /// The call's own closing text is what comes after the params before the template ends the model's turn; the end
    /// of the turn is found as the place that shares the longest start with the plain end-of-turn text.
    /// </summary>
    private static int CallSuffixLength(string afterParams, string endOfTurn)
    {
        var best = afterParams.Length;
        var bestLength = 0;
        for (var k = 0; k < afterParams.Length; k++)
        {
            var length = 0;
            while (k + length < afterParams.Length && length < endOfTurn.Length && afterParams[k + length] == endOfTurn[length])
                length++;

            if (length > bestLength)
            {
                bestLength = length;
                best = k;
            }
        }

        return bestLength == 0 ? afterParams.Length : best;
    }

    private static string? Between(string text, string start, string end)
    {
        var startIndex = text.IndexOf(start, StringComparison.Ordinal);
        var endIndex = startIndex < 0 ? -1 : text.IndexOf(end, startIndex + start.Length, StringComparison.Ordinal);
        return endIndex < 0 ? null : text[(startIndex + start.Length)..endIndex];
    }

    private JinjaConversation NewConversation() => new(wrapper, Options.Template);

    private string Render(JinjaConversation conversation, bool addGenerationPrompt, JsonArray? tools = null) =>
        wrapper.RenderTemplate(conversation.Messages, addGenerationPrompt, tools, conversation.Placeholders);

    private static LlamaText Split(JinjaConversation conversation, string text) =>
        JinjaRenderedText.Split(text, conversation.Placeholders, []);
}
