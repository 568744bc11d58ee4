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
    // One placeholder prefix for every probe conversation, so that BOS and EOS read the same in all their renderings.
    private readonly JinjaPlaceholders _ids = new(wrapper.Options.Template);
    private string? _endOfModelTurnText;

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
    public LlamaText EndOfModelTurn() => Split(NewConversation(), EndOfModelTurnText);

    // Needed by EndOfModelTurn and by the parallel-call extraction: rendered once.
    private string EndOfModelTurnText => _endOfModelTurnText ??= RenderEndOfModelTurn();

    private string RenderEndOfModelTurn()
    {
        var conversation = NewConversation();
        conversation.AddContentMessage(Options.UserRoleName, "Hi there");
        var model = conversation.AddContentMessage(Options.ModelRoleName, "Hello");
        try
        {
            var output = Render(conversation, addGenerationPrompt: false);
            var index = output.LastIndexOf(model, StringComparison.Ordinal);
            return index < 0 ? "" : output[(index + model.Length)..];
        }
        catch (TemplateException)
        {
            return "";
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
        var single = new CallPieces(beforeName[header.Length..], output[nameEnd..paramsIndex], afterParams[..suffixLength],
            afterParams[suffixLength..], output[(resultIndex + resultId.Length)..]);
        var parallel = TryExtractParallelCalls(function, tools, header, single);
        var call = parallel?.Call ?? single;

        return new JinjaToolSyntax(new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = Split(withCall, call.Prefix),
                ParamsPrefix = Split(withCall, call.ParamsPrefix),
                Suffix = Split(withCall, call.Suffix),
                EmptyCallParamsPlaceholder = new JsonObject(),
            },
            Result = new FunctionResultSyntax
            {
                Prefix = Split(withCall, call.ResultPrefix),
                Suffix = Split(withCall, call.ResultSuffix),
            },
            Parallelism = parallel is null ? null : new ParallelFunctionCallSyntax
            {
                CallSectionPrefix = Split(withCall, parallel.CallSectionPrefix),
                BetweenCalls = Split(withCall, parallel.BetweenCalls),
                CallSectionSuffix = Split(withCall, parallel.CallSectionSuffix),
                ResultSectionPrefix = Split(withCall, parallel.ResultSectionPrefix),
                BetweenResults = Split(withCall, parallel.BetweenResults),
                ResultSectionSuffix = Split(withCall, parallel.ResultSectionSuffix),
            },
        });
    }

    /// <summary>The texts around one call and its result, as the template writes them.</summary>
    private sealed record CallPieces(string Prefix, string ParamsPrefix, string Suffix, string ResultPrefix, string ResultSuffix);

    /// <summary>The texts of a call section with several calls and of its result section.</summary>
    private sealed record ParallelPieces(CallPieces Call, string CallSectionPrefix, string BetweenCalls, string CallSectionSuffix,
        string ResultSectionPrefix, string BetweenResults, string ResultSectionSuffix);

    /// <summary>
    /// Renders one model turn with two calls and splits it into the parallel-call sections: what repeats before each
    /// call and result belongs to them, what is written once belongs to the sections. Null when the template cannot
    /// render two calls in one turn (some refuse), or when the pieces found do not rebuild its text exactly.
    /// </summary>
    private ParallelPieces? TryExtractParallelCalls(ChatFunctionDefinition function, JsonArray tools, string header, CallPieces single)
    {
        var conversation = NewConversation();
        var user = conversation.AddContentMessage(Options.UserRoleName, "Hi there");
        JsonObject[] parameters = [new() { ["arg"] = "first" + function.Name }, new() { ["arg"] = "second" + function.Name }];
        conversation.AddToolCalls(null, [.. parameters.Select(p => new ChatModelFunctionCall(function.Name, p, "result"))]);
        var results = conversation.ContentPlaceholders[^2..];
        string output;
        try
        {
            output = Render(conversation, addGenerationPrompt: true, tools);
        }
        catch (TemplateException)
        {
            return null;
        }

        var userIndex = output.IndexOf(user, StringComparison.Ordinal);
        if (userIndex < 0 || string.CompareOrdinal(output, userIndex + user.Length, header, 0, header.Length) != 0) return null;
        var turnStart = userIndex + user.Length + header.Length;
        var positions = new List<int>();
        var cursor = turnStart;
        foreach (var needle in new[]
                 {
                     function.Name, PythonStyleJson.Serialize(parameters[0]), function.Name, PythonStyleJson.Serialize(parameters[1]),
                     results[0], results[1],
                 })
        {
            var index = output.IndexOf(needle, cursor, StringComparison.Ordinal);
            if (index < 0) return null;
            positions.Add(index);
            positions.Add(cursor = index + needle.Length);
        }

        // A call id in the turn would be text the model has to make up per call, which the call syntax cannot express.
        if (conversation.CallIds.Any(id => output.IndexOf(id, turnStart, StringComparison.Ordinal) >= 0)) return null;

        string Piece(int from, int to) => output[positions[from]..positions[to]];
        var firstCall = output[turnStart..positions[0]];        // section prefix + prefix
        var betweenCallNames = Piece(3, 4);                      // suffix + between calls + prefix
        var afterCalls = Piece(7, 8);                            // suffix + section suffix + result section prefix + result prefix
        var betweenResultTexts = Piece(9, 10);                   // result suffix + between results + result prefix
        var afterResults = output[positions[11]..];              // result suffix + result section suffix

        var prefix = CommonSuffix(firstCall, betweenCallNames);
        var suffix = betweenCallNames.StartsWith(single.Suffix, StringComparison.Ordinal) && afterCalls.StartsWith(single.Suffix, StringComparison.Ordinal)
            ? single.Suffix
            : CommonPrefix(betweenCallNames[..^prefix.Length], afterCalls);
        if (suffix.Length + prefix.Length > betweenCallNames.Length) return null;

        var resultPrefix = CommonSuffix(betweenResultTexts, afterCalls[suffix.Length..]);
        var resultSuffix = CommonPrefix(betweenResultTexts[..^resultPrefix.Length], afterResults);
        var sections = afterCalls[suffix.Length..^resultPrefix.Length];
        // The call section ends where the template ends a model turn; the rest opens the results.
        var endOfTurn = EndOfModelTurnText;
        var endOfTurnIndex = endOfTurn.Length == 0 ? -1 : sections.IndexOf(endOfTurn, StringComparison.Ordinal);
        var callSectionSuffix = endOfTurnIndex < 0 ? sections : sections[..(endOfTurnIndex + endOfTurn.Length)];

        var pieces = new ParallelPieces(
            single with { Prefix = prefix, Suffix = suffix, ResultPrefix = resultPrefix, ResultSuffix = resultSuffix },
            CallSectionPrefix: firstCall[..^prefix.Length],
            BetweenCalls: betweenCallNames[suffix.Length..^prefix.Length],
            CallSectionSuffix: callSectionSuffix,
            ResultSectionPrefix: sections[callSectionSuffix.Length..],
            BetweenResults: betweenResultTexts[resultSuffix.Length..^resultPrefix.Length],
            ResultSectionSuffix: afterResults[resultSuffix.Length..]);
        return Rebuild(pieces, function.Name, parameters, results) == output[turnStart..] ? pieces : null;
    }

    /// <summary>The turn as the parallel pieces would write it, to check them against the template.</summary>
    private static string Rebuild(ParallelPieces pieces, string name, JsonObject[] parameters, IReadOnlyList<string> results)
    {
        var call = pieces.Call;
        var calls = parameters.Select(p => call.Prefix + name + call.ParamsPrefix + PythonStyleJson.Serialize(p) + call.Suffix);
        var resultTexts = results.Select(r => call.ResultPrefix + r + call.ResultSuffix);
        return pieces.CallSectionPrefix + string.Join(pieces.BetweenCalls, calls) + pieces.CallSectionSuffix +
            pieces.ResultSectionPrefix + string.Join(pieces.BetweenResults, resultTexts) + pieces.ResultSectionSuffix;
    }

    /// <summary>The longest start <paramref name="a"/> shares with <paramref name="b"/>, cut back to where a piece of markup ends.</summary>
    private static string CommonPrefix(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length]) length++;
        while (!IsBoundary(a, length)) length--;
        return a[..length];
    }

    /// <summary>The longest end <paramref name="a"/> shares with <paramref name="b"/>, cut forward to where a piece of markup starts.</summary>
    private static string CommonSuffix(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[^(length + 1)] == b[^(length + 1)]) length++;
        while (!IsBoundary(a, a.Length - length)) length--;
        return a[^length..];
    }

    // Shared text can reach into a neighbouring tag ("｜><｜tool▁call▁begin｜>"); a piece should not start or end mid-tag.
    private static bool IsBoundary(string text, int index) =>
        index <= 0 || index >= text.Length || "<[{\n".Contains(text[index]) || ">]}\n".Contains(text[index - 1]);

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

    private JinjaConversation NewConversation() => new(wrapper, Options.Template, new JinjaPlaceholders(_ids));

    private string Render(JinjaConversation conversation, bool addGenerationPrompt, JsonArray? tools = null) =>
        wrapper.RenderTemplate(conversation.Messages, addGenerationPrompt, tools, conversation.Placeholders);

    private static LlamaText Split(JinjaConversation conversation, string text) =>
        JinjaRenderedText.Split(text, conversation.Placeholders, []);
}
