using System.Collections;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlamaChat.Text;

/// <summary>
/// An immutable sequence of plain text, special-token text and built-in special tokens: the safe way to mix a
/// chat format's markup with untrusted text. Plain text is tokenized without special-token parsing, so a user
/// who types <c>&lt;|im_end|&gt;</c> cannot end a turn; <see cref="SpecialTokensText"/> is tokenized with it.
/// </summary>
/// <remarks>
/// Adjacent parts of the same kind are merged and empty text is dropped, so two texts that read the same and have
/// the same kinds in the same places are equal. Strings, <see cref="SpecialToken"/> values and
/// <see cref="SpecialTokensText"/> convert implicitly, so <c>new LlamaText(new SpecialTokensText("&lt;s&gt;"), "hi", SpecialToken.Eos)</c> works.
/// </remarks>
public sealed class LlamaText : IEquatable<LlamaText>, IReadOnlyList<LlamaTextValue>
{
    /// <summary>The empty text.</summary>
    public static LlamaText Empty { get; } = new(ImmutableArray<LlamaTextValue>.Empty, alreadyNormalized: true);

    private LlamaText(ImmutableArray<LlamaTextValue> values, bool alreadyNormalized)
    {
        Values = alreadyNormalized ? values : Normalize(values);
    }

    /// <summary>Concatenates <paramref name="parts"/>.</summary>
    public LlamaText(params LlamaText?[] parts) : this((IEnumerable<LlamaText?>)parts) { }

    /// <summary>Concatenates <paramref name="parts"/>; null parts are skipped.</summary>
    public LlamaText(IEnumerable<LlamaText?> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var builder = ImmutableArray.CreateBuilder<LlamaTextValue>();
        foreach (var part in parts)
            if (part is not null)
                builder.AddRange(part.Values);

        Values = Normalize(builder.ToImmutable());
    }

    /// <summary>The parts, merged and without empty text.</summary>
    public ImmutableArray<LlamaTextValue> Values { get; }

    /// <summary>Whether the text has no parts at all.</summary>
    public bool IsEmpty => Values.Length == 0;

    /// <summary>The number of parts.</summary>
    public int Count => Values.Length;

    /// <summary>The part at <paramref name="index"/>.</summary>
    public LlamaTextValue this[int index] => Values[index];

    /// <summary>Builds a text from parts (they are merged and empty text is dropped).</summary>
    public static LlamaText FromValues(IEnumerable<LlamaTextValue> values) =>
        new(values.ToImmutableArray(), alreadyNormalized: false);

    /// <summary>Plain text.</summary>
    public static implicit operator LlamaText(string? text) =>
        string.IsNullOrEmpty(text) ? Empty : new LlamaText(ImmutableArray.Create(LlamaTextValue.FromText(text)), alreadyNormalized: true);

    /// <summary>Special-token text.</summary>
    public static implicit operator LlamaText(SpecialTokensText? text) =>
        text is null || text.Value.Length == 0
            ? Empty
            : new LlamaText(ImmutableArray.Create(LlamaTextValue.FromSpecialTokensText(text.Value)), alreadyNormalized: true);

    /// <summary>A built-in special token.</summary>
    public static implicit operator LlamaText(SpecialToken token) =>
        new(ImmutableArray.Create(LlamaTextValue.FromSpecialToken(token)), alreadyNormalized: true);

    /// <summary>A single part.</summary>
    public static implicit operator LlamaText(LlamaTextValue value) =>
        new(ImmutableArray.Create(value), alreadyNormalized: false);

    /// <summary>Concatenation.</summary>
    public static LlamaText operator +(LlamaText? left, LlamaText? right) => new(left, right);

    /// <summary>Equality of kinds and text.</summary>
    public static bool operator ==(LlamaText? left, LlamaText? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality of kinds or text.</summary>
    public static bool operator !=(LlamaText? left, LlamaText? right) => !(left == right);

    /// <summary>This text followed by <paramref name="others"/>.</summary>
    public LlamaText Concat(params LlamaText?[] others) => new(others.Prepend(this));

    /// <summary>
    /// Joins <paramref name="items"/> with <paramref name="separator"/> between every two of them (also around empty
    /// items), then merges the parts.
    /// </summary>
    public static LlamaText Join(LlamaText? separator, IEnumerable<LlamaText?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var parts = new List<LlamaText?>();
        var first = true;
        foreach (var item in items)
        {
            if (!first)
                parts.Add(separator);

            parts.Add(item);
            first = false;
        }

        return new LlamaText(parts);
    }

    /// <summary>Joins <paramref name="items"/> with <paramref name="separator"/>; see <see cref="Join(LlamaText?, IEnumerable{LlamaText?})"/>.</summary>
    public static LlamaText Join(LlamaText? separator, params LlamaText?[] items) => Join(separator, (IEnumerable<LlamaText?>)items);

    /// <summary>Replaces every part by what <paramref name="map"/> returns for it.</summary>
    public LlamaText MapValues(Func<LlamaTextValue, LlamaText?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new LlamaText(Values.Select(map));
    }

    /// <summary>
    /// Removes leading white space from leading text parts (plain or special-token text); stops at a special token.
    /// </summary>
    public LlamaText TrimStart()
    {
        var values = Values.ToList();
        while (values.Count > 0 && !values[0].IsSpecialToken)
        {
            var trimmed = values[0].Text.TrimStart();
            if (trimmed.Length == 0)
            {
                values.RemoveAt(0);
                continue;
            }

            values[0] = WithText(values[0], trimmed);
            break;
        }

        return new LlamaText(values.ToImmutableArray(), alreadyNormalized: true);
    }

    /// <summary>
    /// Removes trailing white space from trailing text parts (plain or special-token text); stops at a special token.
    /// </summary>
    public LlamaText TrimEnd()
    {
        var values = Values.ToList();
        while (values.Count > 0 && !values[^1].IsSpecialToken)
        {
            var trimmed = values[^1].Text.TrimEnd();
            if (trimmed.Length == 0)
            {
                values.RemoveAt(values.Count - 1);
                continue;
            }

            values[^1] = WithText(values[^1], trimmed);
            break;
        }

        return new LlamaText(values.ToImmutableArray(), alreadyNormalized: true);
    }

    /// <summary>Both <see cref="TrimStart"/> and <see cref="TrimEnd"/>.</summary>
    public LlamaText Trim() => TrimStart().TrimEnd();

    /// <summary>
    /// Whether <paramref name="value"/> occurs in this text with the same kinds: its first part may be the end of a
    /// part here, its last part the start of one, and the parts in between must match exactly.
    /// </summary>
    public bool Includes(LlamaText value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsEmpty)
            return true;

        var needle = value.Values;
        for (var i = 0; i <= Values.Length - needle.Length; i++)
        {
            if (!PartMatches(Values[i], needle[0], needle.Length == 1 ? PartMatch.Contains : PartMatch.EndsWith))
                continue;

            var j = 1;
            for (; j < needle.Length; j++)
                if (!PartMatches(Values[i + j], needle[j], j == needle.Length - 1 ? PartMatch.StartsWith : PartMatch.Exact))
                    break;

            if (j == needle.Length)
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether this text starts with <paramref name="prefix"/> (value by value; the prefix's last value may end inside
    /// this text's value of the same kind); <paramref name="rest"/> is what follows.
    /// </summary>
    internal bool TryGetRestAfter(LlamaText prefix, out LlamaText rest)
    {
        rest = LlamaText.Empty;
        if (prefix.Count == 0 || prefix.Count > Count) return false;
        for (var i = 0; i < prefix.Count - 1; i++)
            if (prefix[i] != this[i]) return false;
        var last = prefix[^1];
        var counterpart = this[prefix.Count - 1];
        if (last.Kind != counterpart.Kind) return false;
        LlamaTextValue? remainder;
        if (last.Kind == LlamaTextValueKind.SpecialToken)
        {
            if (last.Token != counterpart.Token) return false;
            remainder = null;
        }
        else
        {
            if (!counterpart.Text.StartsWith(last.Text, StringComparison.Ordinal)) return false;
            var tail = counterpart.Text[last.Text.Length..];
            remainder = tail.Length == 0 ? null
                : last.Kind == LlamaTextValueKind.Text ? LlamaTextValue.FromText(tail) : LlamaTextValue.FromSpecialTokensText(tail);
        }
        var values = new List<LlamaTextValue>();
        if (remainder is { } r) values.Add(r);
        for (var i = prefix.Count; i < Count; i++) values.Add(this[i]);
        rest = LlamaText.FromValues(values);
        return true;
    }

    /// <summary>
    /// Tokenizes the text: plain text without special-token parsing, special-token text with it, special tokens by
    /// id (a special token the model lacks contributes nothing). Every part after the first is tokenized with
    /// trimLeadingSpace, so a SentencePiece tokenizer adds no space where one piece continues another.
    /// </summary>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="trimLeadingSpace">Whether the first part is also tokenized with trimLeadingSpace (for text that continues earlier text).</param>
    public int[] Tokenize(ILlamaTokenizer tokenizer, bool trimLeadingSpace = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var result = new List<int>();
        var hasContent = false;
        foreach (var value in Values)
        {
            var trim = hasContent || trimLeadingSpace;
            switch (value.Kind)
            {
                case LlamaTextValueKind.Text:
                    result.AddRange(tokenizer.Tokenize(value.Text, specialTokens: false, trimLeadingSpace: trim));
                    break;
                case LlamaTextValueKind.SpecialTokensText:
                    result.AddRange(tokenizer.Tokenize(value.Text, specialTokens: true, trimLeadingSpace: trim));
                    break;
                case LlamaTextValueKind.SpecialToken:
                    if (tokenizer.GetSpecialToken(value.Token) is { } id)
                        result.Add(id);
                    break;
            }

            hasContent = true;
        }

        return result.ToArray();
    }

    /// <summary>
    /// The text as one string; special tokens appear by name (<c>BOS</c>, <c>EOS</c>, ...), like node-llama-cpp.
    /// Use <see cref="ToDebugString"/> to see the kinds.
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var value in Values)
            builder.Append(value.ToString());

        return builder.ToString();
    }

    /// <summary>
    /// A representation that shows the kind of every part, for test failures and logs:
    /// plain text as a JSON string, special-token text as <c>S("…")</c>, special tokens as <c>[EOS]</c>, joined by <c> + </c>.
    /// </summary>
    public string ToDebugString()
    {
        if (IsEmpty)
            return "\"\"";

        return string.Join(" + ", Values.Select(value => value.Kind switch
        {
            LlamaTextValueKind.Text => JsonText.Quote(value.Text),
            LlamaTextValueKind.SpecialTokensText => "S(" + JsonText.Quote(value.Text) + ")",
            _ => "[" + SpecialTokenNames.ToName(value.Token) + "]",
        }));
    }

    /// <summary>
    /// The JSON form node-llama-cpp uses: a plain string when the text is empty or a single plain part, otherwise an
    /// array of strings, <c>{"type":"specialTokensText","value":…}</c> and <c>{"type":"specialToken","value":"EOS"}</c>.
    /// </summary>
    public JsonNode ToJson()
    {
        if (IsEmpty)
            return JsonValue.Create("");

        if (Values.Length == 1 && Values[0].IsText)
            return JsonValue.Create(Values[0].Text);

        var array = new JsonArray();
        foreach (var value in Values)
        {
            array.Add(value.Kind switch
            {
                LlamaTextValueKind.Text => JsonValue.Create(value.Text),
                LlamaTextValueKind.SpecialTokensText => new JsonObject { ["type"] = "specialTokensText", ["value"] = value.Text },
                _ => (JsonNode)new JsonObject { ["type"] = "specialToken", ["value"] = SpecialTokenNames.ToName(value.Token) },
            });
        }

        return array;
    }

    /// <summary>The JSON form (see <see cref="ToJson"/>) as a compact string.</summary>
    public string ToJsonString() => ToJson().ToJsonString(JsonText.Compact);

    /// <summary>Parses the JSON form (see <see cref="ToJson"/>).</summary>
    /// <param name="json">A JSON string or array.</param>
    /// <param name="jsonPath">The path of <paramref name="json"/> in a larger document, used in error messages.</param>
    /// <exception cref="LlamaTextFormatException">The JSON does not describe a LlamaText.</exception>
    public static LlamaText FromJson(JsonNode? json, string jsonPath = "$")
    {
        if (json is JsonValue value && value.TryGetValue<string>(out var text))
            return text;

        if (json is not JsonArray array)
            throw new LlamaTextFormatException(jsonPath, $"expected a string or an array, found {DescribeJson(json)}.");

        var values = ImmutableArray.CreateBuilder<LlamaTextValue>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{jsonPath}[{i}]";
            var item = array[i];
            if (item is JsonValue itemValue && itemValue.TryGetValue<string>(out var itemText))
            {
                values.Add(LlamaTextValue.FromText(itemText));
                continue;
            }

            if (item is not JsonObject obj)
                throw new LlamaTextFormatException(itemPath, $"expected a string or an object with \"type\" and \"value\", found {DescribeJson(item)}.");

            var type = obj["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var t) ? t : null;
            var partValue = obj["value"] is JsonValue partJsonValue && partJsonValue.TryGetValue<string>(out var v) ? v : null;
            switch (type)
            {
                case "specialTokensText":
                    if (partValue is null)
                        throw new LlamaTextFormatException(itemPath + ".value", "expected the special-token text as a string.");
                    values.Add(LlamaTextValue.FromSpecialTokensText(partValue));
                    break;
                case "specialToken":
                    if (!SpecialTokenNames.TryParse(partValue, out var token))
                        throw new LlamaTextFormatException(itemPath + ".value",
                            $"expected one of \"BOS\", \"EOS\", \"EOT\", \"NL\", \"SEP\", found {DescribeJson(obj["value"])}.");
                    values.Add(LlamaTextValue.FromSpecialToken(token));
                    break;
                default:
                    throw new LlamaTextFormatException(itemPath + ".type",
                        $"expected \"specialTokensText\" or \"specialToken\", found {DescribeJson(obj["type"])}.");
            }
        }

        return new LlamaText(values.ToImmutable(), alreadyNormalized: false);
    }

    /// <summary>Parses the JSON form from a string.</summary>
    /// <exception cref="LlamaTextFormatException">The string is not JSON or does not describe a LlamaText.</exception>
    public static LlamaText FromJsonString(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new LlamaTextFormatException("$", "the text is not valid JSON: " + e.Message);
        }

        try
        {
            return FromJson(node);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // System.Text.Json checks lazily, when a parsed object or string is first read: a duplicate key throws
            // ArgumentException, a string with a lone surrogate escape ("\ud800") InvalidOperationException.
            throw new LlamaTextFormatException("$", $"the JSON has a duplicate key or a string that is not valid UTF-16 ({e.Message}).");
        }
    }

    /// <inheritdoc/>
    public bool Equals(LlamaText? other) =>
        other is not null && (ReferenceEquals(this, other) || Values.AsSpan().SequenceEqual(other.Values.AsSpan()));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LlamaText other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
            hash.Add(value);

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public IEnumerator<LlamaTextValue> GetEnumerator() => ((IEnumerable<LlamaTextValue>)Values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Shortens a value quoted in an error message: the value comes from the input, and a 100 MB string made a
    /// 100 MB message.
    /// </summary>
    internal static string Abbreviate(string text)
    {
        const int max = 100;
        if (text.Length <= max)
            return text;
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return string.Concat(text.AsSpan(0, cut), "…");
    }

    internal static string DescribeJson(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "the string " + JsonValue.Create(Abbreviate(v.GetValue<string>())).ToJsonString(JsonText.Compact),
        JsonValue v => "the value " + Abbreviate(v.ToJsonString(JsonText.Compact)),
        _ => "an unexpected value",
    };

    private static LlamaTextValue WithText(LlamaTextValue value, string text) =>
        value.IsSpecialTokensText ? LlamaTextValue.FromSpecialTokensText(text) : LlamaTextValue.FromText(text);

    private static ImmutableArray<LlamaTextValue> Normalize(ImmutableArray<LlamaTextValue> values)
    {
        var builder = ImmutableArray.CreateBuilder<LlamaTextValue>(values.Length);
        foreach (var value in values)
        {
            if (!value.IsSpecialToken && value.Text.Length == 0)
                continue;

            if (builder.Count > 0 && !value.IsSpecialToken && builder[^1].Kind == value.Kind)
            {
                builder[^1] = WithText(value, builder[^1].Text + value.Text);
                continue;
            }

            builder.Add(value);
        }

        return builder.ToImmutable();
    }

    private enum PartMatch { Exact, Contains, StartsWith, EndsWith }

    private static bool PartMatches(LlamaTextValue haystack, LlamaTextValue needle, PartMatch match)
    {
        if (haystack.Kind != needle.Kind)
            return false;

        if (haystack.IsSpecialToken)
            return haystack.Token == needle.Token;

        return match switch
        {
            PartMatch.Contains => haystack.Text.Contains(needle.Text, StringComparison.Ordinal),
            PartMatch.StartsWith => haystack.Text.StartsWith(needle.Text, StringComparison.Ordinal),
            PartMatch.EndsWith => haystack.Text.EndsWith(needle.Text, StringComparison.Ordinal),
            _ => haystack.Text == needle.Text,
        };
    }
}
