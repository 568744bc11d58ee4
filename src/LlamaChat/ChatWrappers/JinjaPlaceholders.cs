namespace LlamaChat.ChatWrappers;

/// <summary>
/// Makes unique placeholder strings that stand for message contents while a template renders, so the output can be
/// split into template text and contents. They are letters and digits only, so filters such as <c>trim</c> leave them intact.
/// </summary>
internal sealed class JinjaPlaceholders
{
    /// <summary>The first character of every placeholder.</summary>
    public const char FirstChar = 'Q';

    private readonly string _prefix;
    private int _next;

    public JinjaPlaceholders(string template)
    {
        do
            _prefix = FirstChar + "x" + Guid.NewGuid().ToString("N")[..12];
        while (template.Contains(_prefix, StringComparison.Ordinal));
    }

    /// <summary>Placeholders with the same prefix, counting from the start again: conversations made with them give BOS and EOS the same placeholder, so their renderings can be compared.</summary>
    public JinjaPlaceholders(JinjaPlaceholders samePrefixAs) => _prefix = samePrefixAs._prefix;

    /// <summary>A new placeholder.</summary>
    public string Next() => $"{_prefix}{_next++:D4}Z";
}
