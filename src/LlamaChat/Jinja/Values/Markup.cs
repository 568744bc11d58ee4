namespace LlamaChat.Jinja.Values;

/// <summary>
/// A string marked safe (markupsafe's <c>Markup</c>): the result of the <c>safe</c> and <c>escape</c> filters.
/// It prints unchanged, but <c>+</c> and <c>%</c> HTML-escape plain strings combined with it, as in Python.
/// </summary>
internal sealed class Markup
{
    public Markup(string value) => Value = value;

    public string Value { get; }

    /// <summary>markupsafe.escape for a plain string.</summary>
    public static string EscapeText(string s)
    {
        int i = s.AsSpan().IndexOfAny("&<>'\"");
        if (i < 0) return s;
        var sb = new System.Text.StringBuilder(s.Length + 16);
        sb.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '"': sb.Append("&#34;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>markupsafe.escape: Markup stays as is, anything else is converted with str() and escaped.</summary>
    public static Markup Escape(object? value) =>
        value is Markup m ? m : new Markup(EscapeText(Runtime.PyStr.Str(value)));

    public override string ToString() => Value;
}
