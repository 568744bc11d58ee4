namespace LlamaChat.ChatWrappers;

/// <summary>Whether <see cref="JinjaTemplateChatWrapper"/> turns system messages into user messages.</summary>
public enum SystemMessageConversion
{
    /// <summary>Only when the template rejects or drops system messages.</summary>
    Auto,
    /// <summary>Always.</summary>
    Always,
    /// <summary>Never (a template that rejects system messages then fails on them).</summary>
    Never,
}
