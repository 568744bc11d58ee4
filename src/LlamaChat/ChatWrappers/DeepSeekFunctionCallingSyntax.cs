namespace LlamaChat.ChatWrappers;

/// <summary>Which function-call syntax <see cref="DeepSeekChatWrapper"/> uses.</summary>
public enum DeepSeekFunctionCallingSyntax
{
    /// <summary><c>&lt;function=NAME&gt;{json}&lt;/function&gt;</c>: what R1 distills follow most reliably. No parallel calls.</summary>
    R1Workaround,
    /// <summary>DeepSeek's tool tokens without the <c>function</c> type marker.</summary>
    Simplified,
    /// <summary>DeepSeek's own <c>&lt;｜tool▁call▁begin｜&gt;function&lt;｜tool▁sep｜&gt;NAME\n```json\n…\n```&lt;｜tool▁call▁end｜&gt;</c> syntax.</summary>
    Original,
}
