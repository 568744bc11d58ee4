using System.Globalization;
using System.Text.RegularExpressions;

namespace LlamaChat.Gguf;

/// <summary>
/// Names of the parts of a split GGUF model, which llama.cpp's <c>gguf-split</c> writes as
/// <c>name-00001-of-00003.gguf</c>, <c>name-00002-of-00003.gguf</c>...
/// </summary>
public static partial class GgufSplitFiles
{
    [GeneratedRegex(@"-(?<part>\d{5})-of-(?<parts>\d{5})\.gguf$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SplitPartPattern();

    /// <summary>
    /// Whether <paramref name="path"/> names a part of a split model; if so, which part (1-based) and how many parts.
    /// </summary>
    public static bool TryParsePartName(string path, out int part, out int partCount)
    {
        ArgumentNullException.ThrowIfNull(path);
        part = partCount = 0;
        var match = SplitPartPattern().Match(path);
        if (!match.Success) return false;
        part = int.Parse(match.Groups["part"].Value, CultureInfo.InvariantCulture);
        partCount = int.Parse(match.Groups["parts"].Value, CultureInfo.InvariantCulture);
        return part >= 1 && partCount >= 1 && part <= partCount;
    }

    /// <summary>
    /// The paths of every part of the split model that <paramref name="path"/> belongs to, in order;
    /// just <paramref name="path"/> when it does not name a split part.
    /// </summary>
    public static IReadOnlyList<string> GetAllPartPaths(string path)
    {
        if (!TryParsePartName(path, out _, out int partCount)) return [path];
        var match = SplitPartPattern().Match(path);
        string prefix = path[..match.Index];
        return Enumerable.Range(1, partCount).Select(i => GetPartPath(prefix, i, partCount)).ToArray();
    }

    /// <summary>The path of part <paramref name="part"/> of <paramref name="partCount"/> for a model named <paramref name="prefix"/> (without <c>.gguf</c>).</summary>
    public static string GetPartPath(string prefix, int part, int partCount) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{part:D5}-of-{partCount:D5}.gguf");
}
