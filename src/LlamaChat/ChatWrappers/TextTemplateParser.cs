namespace LlamaChat.ChatWrappers;

/// <summary>Splits a text template at its <c>{{placeholders}}</c>.</summary>
internal static class TextTemplateParser
{
    /// <summary>
    /// Returns the texts between the placeholders, which must appear once each and in the given order:
    /// <c>result[0]</c> is before the first placeholder, the last element after the last one.
    /// </summary>
    /// <exception cref="ChatWrapperTemplateException">A placeholder is missing, repeated or out of order.</exception>
    public static string[] Split(string template, string templateName, params string[] placeholders)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parts = new string[placeholders.Length + 1];
        var position = 0;
        for (var i = 0; i < placeholders.Length; i++)
        {
            var index = template.IndexOf(placeholders[i], position, StringComparison.Ordinal);
            if (index < 0)
                throw new ChatWrapperTemplateException(
                    $"The {templateName} \"{template}\" must contain {placeholders[i]}" +
                    (i > 0 ? $" after {placeholders[i - 1]}" : "") + "; add it.");

            parts[i] = template[position..index];
            position = index + placeholders[i].Length;
            if (template.IndexOf(placeholders[i], position, StringComparison.Ordinal) >= 0)
                throw new ChatWrapperTemplateException($"The {templateName} \"{template}\" contains {placeholders[i]} more than once; keep one.");
        }

        parts[^1] = template[position..];
        return parts;
    }
}
