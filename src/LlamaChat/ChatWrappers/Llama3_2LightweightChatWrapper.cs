using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// Llama 3.2 1B/3B: Llama 3.1's headers and date preamble with the JSON call syntax those small models were trained
/// on, <c>{"name": "NAME", "parameters": {…}}&lt;|eot_id|&gt;</c>, and results in an <c>ipython</c> turn.
/// </summary>
public class Llama3_2LightweightChatWrapper : ChatWrapper
{
    private static readonly ChatWrapperSettings LightweightSettings = new()
    {
        Functions = new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = "{\"name\": \"",
                ParamsPrefix = "\", \"parameters\": ",
                Suffix = new LlamaText("}", new SpecialTokensText("<|eot_id|>")),
                EmptyCallParamsPlaceholder = new System.Text.Json.Nodes.JsonObject(),
            },
            Result = new FunctionResultSyntax
            {
                Prefix = new SpecialTokensText("<|start_header_id|>ipython<|end_header_id|>\n\n"),
                Suffix = new SpecialTokensText("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
            },
        },
    };

    /// <summary>Creates the wrapper.</summary>
    public Llama3_2LightweightChatWrapper(Llama3PreambleOptions? options = null) => Options = options ?? new Llama3PreambleOptions();

    /// <inheritdoc/>
    public override string WrapperName => "Llama 3.2 lightweight";

    /// <summary>The preamble options.</summary>
    public Llama3PreambleOptions Options { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings => LightweightSettings;

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var history = Llama3PreambleHistory.Prepend(chatHistory, Options, GenerateAvailableFunctionsSystemText(availableFunctions, documentFunctionParams));
        return Llama3ChatWrapper.RenderLlama3History(this, history);
    }

    /// <inheritdoc/>
    public override LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return LlamaText.Empty;

        var signatures = ChatFunctionsDocumentation.JsonFunctionSignatures(availableFunctions, documentParams);
        if (Options.NoToolInstructions)
            return signatures;

        return LlamaText.Join("\n",
            "You can call the functions below. To call one, reply with JSON in the format " +
            "{\"name\": function name, \"parameters\": function call parameters}. Do not use variables.",
            "",
            signatures,
            "",
            "A function's result appears after the call and only you can see it; tell the user what they need to know from it.",
            "Only call functions when needed, and do not mention them to the user.");
    }
}
