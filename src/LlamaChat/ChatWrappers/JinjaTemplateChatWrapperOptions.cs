using System.Text.Json.Nodes;
using LlamaChat.Text;

namespace LlamaChat.ChatWrappers;

/// <summary>Options of <see cref="JinjaTemplateChatWrapper"/>.</summary>
public sealed record JinjaTemplateChatWrapperOptions
{
    /// <summary>The Jinja chat template (a GGUF file's <c>tokenizer.chat_template</c>).</summary>
    public required string Template { get; init; }

    /// <summary>The role name of model messages (default <c>assistant</c>).</summary>
    public string ModelRoleName { get; init; } = "assistant";

    /// <summary>The role name of user messages (default <c>user</c>).</summary>
    public string UserRoleName { get; init; } = "user";

    /// <summary>The role name of system messages (default <c>system</c>).</summary>
    public string SystemRoleName { get; init; } = "system";

    /// <summary>Whether system messages become user messages (default: only when the template cannot take them).</summary>
    public SystemMessageConversion ConvertSystemMessagesToUserMessages { get; init; } = SystemMessageConversion.Auto;

    /// <summary>How a converted system message is written; must contain <c>{{message}}</c>.</summary>
    public string SystemMessageAsUserFormat { get; init; } = "### System message\n\n{{message}}\n\n----";

    /// <summary>How function calls are rendered (default: through the template when possible).</summary>
    public JinjaFunctionCallMode FunctionCallMode { get; init; } = JinjaFunctionCallMode.Auto;

    /// <summary>Whether consecutive messages of the same kind are joined into one (default true).</summary>
    public bool JoinAdjacentMessagesOfTheSameType { get; init; } = true;

    /// <summary>Whether leading white space of model messages is dropped, as most templates do (default true).</summary>
    public bool TrimLeadingWhitespaceInResponses { get; init; } = true;

    /// <summary>Extra template variables (for example <c>enable_thinking</c>).</summary>
    public JsonObject? AdditionalRenderParameters { get; init; }

    /// <summary>Thought tags to use instead of the ones detected in the template.</summary>
    public TemplateSegmentOptions? Segments { get; init; }

    /// <summary>The clock <c>strftime_now</c> reads; null for the system clock.</summary>
    public Func<DateTimeOffset>? Clock { get; init; }

    /// <summary>The model's tokenizer, used to detect thought tags that are single special tokens.</summary>
    public ILlamaTokenizer? Tokenizer { get; init; }
}
