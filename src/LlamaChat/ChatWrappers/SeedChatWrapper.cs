using System.Text.Json.Nodes;
using LlamaChat.History;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>
/// ByteDance Seed-OSS: <c>&lt;seed:bos&gt;role\n…\n&lt;seed:eos&gt;</c>, thoughts in <c>&lt;seed:think&gt;…&lt;/seed:think&gt;</c>,
/// calls in <c>&lt;seed:tool_call&gt;</c> blocks and results in a <c>tool</c> turn.
/// </summary>
/// <remarks>node-llama-cpp writes user turns with a <c>system</c> header; this wrapper uses <c>user</c>, as the Seed template does.</remarks>
public class SeedChatWrapper : ChatWrapper
{
    private static SpecialTokensText S(string text) => new(text);

    private static readonly ChatWrapperSettings SeedSettings = new()
    {
        Functions = new ChatWrapperFunctionSettings
        {
            Call = new FunctionCallSyntax
            {
                OptionalPrefixSpace = true,
                Prefix = new LlamaText(S("<seed:tool_call>\n"), "<function="),
                ParamsPrefix = S(">"),
                Suffix = S("\n</function>\n</seed:tool_call>\n"),
                EmptyCallParamsPlaceholder = new JsonObject(),
            },
            Result = new FunctionResultSyntax { Prefix = S("<seed:bos>tool\n"), Suffix = S("<seed:eos>") },
        },
        Segments = new ChatWrapperSegmentSettings
        {
            Thought = new SegmentSyntax { Prefix = S("<seed:think>"), Suffix = S("</seed:think>"), ReopenAfterFunctionCalls = true },
        },
    };

    /// <summary>Creates the wrapper.</summary>
    /// <param name="thinkingBudget">The thinking budget the model is asked to respect; 0 asks it not to think; null (default) says nothing.</param>
    public SeedChatWrapper(int? thinkingBudget = null)
    {
        if (thinkingBudget < 0)
            throw new ArgumentOutOfRangeException(nameof(thinkingBudget), thinkingBudget, "The thinking budget cannot be negative; use null for no budget.");

        ThinkingBudget = thinkingBudget;
    }

    /// <inheritdoc/>
    public override string WrapperName => "Seed";

    /// <summary>The thinking budget, or null.</summary>
    public int? ThinkingBudget { get; }

    /// <inheritdoc/>
    public override ChatWrapperSettings Settings => SeedSettings;

    /// <inheritdoc/>
    protected override ChatWrapperContextState GenerateContextStateCore(IReadOnlyList<ChatHistoryItem> chatHistory,
        IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentFunctionParams)
    {
        var (systemText, history) = LeadingSystemMessages.SplitFirst(chatHistory);

        var parts = new List<LlamaText>();
        var hasFunctions = availableFunctions.Count > 0;
        if (!systemText.IsEmpty || hasFunctions)
        {
            var text = systemText.IsEmpty && hasFunctions
                ? new LlamaText("You are a helpful assistant that may call functions to help with the user's request.")
                : systemText;
            parts.Add(new LlamaText(S("<seed:bos>system\n"), text, GenerateAvailableFunctionsSystemText(availableFunctions, documentFunctionParams),
                S("\n<seed:eos>")));
        }

        if (ThinkingBudgetInstruction() is { } budgetText)
            parts.Add(new LlamaText(S("<seed:bos>system\n"), budgetText, S("\n<seed:eos>")));

        for (var i = 0; i < history.Count; i++)
        {
            var isLast = i == history.Count - 1;
            var end = isLast ? LlamaText.Empty : S("\n<seed:eos>");
            switch (history[i])
            {
                case ChatSystemMessage system:
                    parts.Add(new LlamaText(S("<seed:bos>system\n"), system.Text, end));
                    break;
                case ChatUserMessage user:
                    parts.Add(new LlamaText(S("<seed:bos>user\n"), user.Text, end));
                    break;
                case ChatModelResponse model:
                    var noThinking = ThinkingBudget == 0 &&
                                     (isLast || !model.Response.Any(item => item is ChatModelSegment { SegmentType: ChatModelSegmentType.Thought }));
                    parts.Add(new LlamaText(
                        S("<seed:bos>assistant\n"),
                        noThinking
                            ? new LlamaText(S("<seed:think>\n<seed:cot_budget_reflect>"),
                                "The current thinking budget is 0, so I will directly start answering the question.",
                                S("</seed:cot_budget_reflect>\n</seed:think>"))
                            : LlamaText.Empty,
                        GenerateModelResponseText(model.Response),
                        end));
                    break;
            }
        }

        return new ChatWrapperContextState
        {
            ContextText = new LlamaText(parts),
            StopGenerationTriggers = [SpecialToken.Eos, S("<seed:eos>"), "<seed:eos>"],
        };
    }

    /// <inheritdoc/>
    public override LlamaText GenerateAvailableFunctionsSystemText(IReadOnlyList<ChatFunctionDefinition> availableFunctions, bool documentParams = true)
    {
        if (availableFunctions.Count == 0)
            return LlamaText.Empty;

        return LlamaText.Join("\n",
            "",
            "Tool List:",
            "You may use the following tools (described in JSON Schema). Decide how to call them from their descriptions and parameters.",
            ChatFunctionsDocumentation.OpenAiToolLines(availableFunctions, documentParams),
            "Call a tool in exactly this format:",
            new LlamaText(S("<seed:tool_call>\n"), "<function=example_function_name>",
                "{\"example_parameter\": \"value\"}", S("\n</function>\n</seed:tool_call>")));
    }

    private LlamaText? ThinkingBudgetInstruction()
    {
        if (ThinkingBudget is not { } budget)
            return null;

        if (budget == 0)
            return "You answer in one step without reasoning: your thinking budget is 0. Skip the thinking process and answer the user directly.";

        var interval = budget switch { <= 0 => 0, <= 512 => 128, <= 1024 => 256, <= 4096 => 512, _ => 1024 };
        return $"You reflect on your reasoning and must keep to a thinking budget of {budget} tokens: finish thinking within {budget} " +
               $"tokens and then answer. Every {interval} tokens, note how many tokens you have used and how many are left.";
    }
}
