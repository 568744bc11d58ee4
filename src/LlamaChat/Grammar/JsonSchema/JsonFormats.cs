using System.Globalization;
using System.Text.RegularExpressions;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// The string formats LlamaChat supports: their grammars (each accepts only valid values, sometimes a
/// documented subset) and their validators (RFC 3339 dates and times, RFC 4122 UUIDs, ...).
/// </summary>
internal static partial class JsonFormats
{
    /// <summary>GBNF rules for the formats, each named <c>format-NAME</c>, with their helper rules.</summary>
    public const string Gbnf = """
        format-date ::= "\"" format-date-full "\""
        format-time ::= "\"" format-time-full "\""
        format-date-time ::= "\"" format-date-full "T" format-time-full "\""
        format-uuid ::= "\"" format-hex{8} "-" format-hex{4} "-" format-hex{4} "-" format-hex{4} "-" format-hex{12} "\""
        format-email ::= "\"" format-email-local "@" format-email-label ( "." format-email-label ){0,3} "." [a-z]{2,10} "\""
        format-uri ::= "\"" [a-z] [a-z0-9]{0,9} "://" format-uri-host format-uri-path{0,10} ( "?" format-uri-char{1,64} )? "\""
        format-ipv4 ::= "\"" format-octet "." format-octet "." format-octet "." format-octet "\""
        format-date-full ::= format-year "-" ( format-month-31 "-" format-day-31 | format-month-30 "-" format-day-30 | "02-" format-day-28 ) | format-leap-year "-02-29"
        format-year ::= [0-9]{4}
        format-leap-year ::= [0-9] [0-9] ( [02468] [48] | [13579] [26] | [2468] "0" ) | ( [02468] [048] | [13579] [26] ) "00"
        format-month-31 ::= "01" | "03" | "05" | "07" | "08" | "10" | "12"
        format-month-30 ::= "04" | "06" | "09" | "11"
        format-day-28 ::= "0" [1-9] | "1" [0-9] | "2" [0-8]
        format-day-30 ::= "0" [1-9] | [12] [0-9] | "30"
        format-day-31 ::= "0" [1-9] | [12] [0-9] | "3" [01]
        format-time-full ::= ( [01] [0-9] | "2" [0-3] ) ":" [0-5] [0-9] ":" [0-5] [0-9] ( "." [0-9]{1,6} )? ( "Z" | [+-] ( [01] [0-9] | "2" [0-3] ) ":" [0-5] [0-9] )
        format-hex ::= [0-9a-fA-F]
        format-email-local ::= [a-zA-Z0-9_+-]{1,32} ( "." [a-zA-Z0-9_+-]{1,32} ){0,3}
        format-email-label ::= [a-zA-Z0-9] ( [a-zA-Z0-9-]{0,30} [a-zA-Z0-9] )?
        format-uri-host ::= [a-z0-9]{1,20} ( "." [a-z0-9]{1,20} ){0,4}
        format-uri-path ::= "/" format-uri-char{0,32}
        format-uri-char ::= [a-zA-Z0-9._~=&-]
        format-octet ::= [0-9] | [1-9] [0-9] | "1" [0-9] [0-9] | "2" [0-4] [0-9] | "25" [0-5]
        """;

    /// <summary>Whether <paramref name="text"/> is a valid value of <paramref name="format"/>.</summary>
    public static bool IsValid(string format, string text) => format switch
    {
        "date" => IsDate(text),
        "time" => IsTime(text),
        "date-time" => IsDateTime(text),
        "uuid" => UuidRegex().IsMatch(text),
        "email" => EmailRegex().IsMatch(text),
        "uri" => UriSchemeRegex().IsMatch(text) && Uri.TryCreate(text, UriKind.Absolute, out _),
        "ipv4" => Ipv4Regex().IsMatch(text),
        _ => false,
    };

    private static bool IsDate(string text)
        => DateRegex().IsMatch(text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsTime(string text)
    {
        var m = TimeRegex().Match(text);
        if (!m.Success)
            return false;
        static int N(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);
        if (N(m.Groups[1]) > 23 || N(m.Groups[2]) > 59 || N(m.Groups[3]) > 60)
            return false;
        return !m.Groups[5].Success || (N(m.Groups[5]) <= 23 && N(m.Groups[6]) <= 59);
    }

    private static bool IsDateTime(string text)
    {
        var t = text.IndexOfAny(new[] { 'T', 't' });
        return t == 10 && IsDate(text[..10]) && IsTime(text[11..]);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidRegex();

    [GeneratedRegex(@"^[^@\s""]+@[^@\s""]+\.[^@\s""]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex UriSchemeRegex();

    [GeneratedRegex(@"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Regex();
}
