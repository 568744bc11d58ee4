namespace LlamaChat.Text;

/// <summary>The names special tokens have in node-llama-cpp's JSON (<c>"BOS"</c>, <c>"EOS"</c>, ...).</summary>
public static class SpecialTokenNames
{
    /// <summary>The upper-case name of <paramref name="token"/>.</summary>
    public static string ToName(SpecialToken token) => token switch
    {
        SpecialToken.Bos => "BOS",
        SpecialToken.Eos => "EOS",
        SpecialToken.Eot => "EOT",
        SpecialToken.Nl => "NL",
        SpecialToken.Sep => "SEP",
        _ => throw new ArgumentOutOfRangeException(nameof(token), token, "Unknown special token."),
    };

    /// <summary>Parses an upper-case name such as <c>"EOS"</c>; returns false for anything else.</summary>
    public static bool TryParse(string? name, out SpecialToken token)
    {
        switch (name)
        {
            case "BOS": token = SpecialToken.Bos; return true;
            case "EOS": token = SpecialToken.Eos; return true;
            case "EOT": token = SpecialToken.Eot; return true;
            case "NL": token = SpecialToken.Nl; return true;
            case "SEP": token = SpecialToken.Sep; return true;
            default: token = default; return false;
        }
    }
}
