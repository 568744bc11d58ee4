namespace LlamaChat.ChatWrappers;

/// <summary>How <see cref="JinjaTemplateChatWrapper"/> renders function calls.</summary>
public enum JinjaFunctionCallMode
{
    /// <summary>Through the template's own tool support when its call syntax can be extracted; otherwise like <see cref="NoJinja"/>.</summary>
    Auto,
    /// <summary>Never through the template: functions are documented in a system message and calls use the generic <c>||call:</c> syntax.</summary>
    NoJinja,
}
