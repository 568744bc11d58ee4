using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Llama 3.1 (and 3.3): Llama 3 headers, a system turn that starts with the knowledge-cutoff and today's dates, and
/// Meta's custom-tool call syntax <c>&lt;function=NAME&gt;{json}&lt;/function&gt;&lt;|eom_id|&gt;</c> with results in an
/// <c>ipython</c> turn.
/// </summary>
public class Llama3_1ChatWrapper : ChatWrapper
{
    private static readonly ChatWrapperSettings Llama31Settings = new()
    {
        Functions = new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = new SpecialTokensText("<function="),
                ParamsPrefix = new SpecialTokensText(">"),
                Suffix = new SpecialTokensText("</function><|eom_id|>"),
            },
            Result = new FunctionResultSyntax
            {
                Prefix = new SpecialTokensText("\n<|start_header_id|>ipython<|end_header_id|>\n\n"),
                Suffix = new SpecialTokensText("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
            },
        },
    };

    /// <summary>Creates the wrapper.</summary>
    public Llama3_1ChatWrapper(Llama3PreambleOptions? options = null) => Options = options ?? new Llama3PreambleOptions();

    /// <inheritdoc/>
    public override string WrapperName => "Llama 3.1";

    /// <summary>The preamble options.</summary>
    public Llama3PreambleOptions Options { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings => Llama31Settings;

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = Llama3PreambleHistory.Prepend(chatHistory, Options,
            GenerateAvailableFunctionsSystemText(availableFunctions, documentFunctionParams));
        return Llama3ChatWrapper.RenderLlama3History(this, history);
    }

    /// <inheritdoc/>
    public override LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return LlamaText.Empty;

        if (Options.NoToolInstructions)
            return ChatFunctionsDocumentation.Llama31FunctionSignatures(availableFunctions, documentParams);

        return LlamaText.Join("\n",
            "You can use these functions:",
            "",
            ChatFunctionsDocumentation.Llama31FunctionSignatures(availableFunctions, documentParams),
            "",
            "To call a function, reply with only the call, in this format:",
            "<{start_tag}={function_name}>{parameters}{end_tag}",
            "where",
            "",
            "start_tag => `<function`",
            "parameters => a JSON object with the argument names as keys and the argument values as values",
            "end_tag => `</function>`",
            "",
            "For example:",
            new LlamaText(new SpecialTokensText("<function="), "example_function_name", new SpecialTokensText(">"),
                PythonStyleJson.Serialize(new JsonObject { ["example_name"] = "example_value" }), new SpecialTokensText("</function>")),
            "",
            "Rules:",
            "- Follow the call format exactly",
            "- Call one function at a time",
            "- Write the whole call on one line");
    }
}
