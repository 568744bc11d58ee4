using System.Globalization;
using System.Text;

namespace LlamaChat.Grammar.JsonSchema;

/// <summary>
/// An immutable set of BMP code points (surrogates excluded) as sorted, disjoint ranges. Regex character
/// classes are kept to the BMP because JSON Schema regexes (like .NET's) match UTF-16 code units, while a
/// grammar matches whole code points.
/// </summary>
internal sealed class CodePointSet
{
    private static readonly (int, int)[] BmpScalars = { (0, 0xD7FF), (0xE000, 0xFFFF) };
    private static readonly Dictionary<string, CodePointSet> CategoryCache = new(StringComparer.Ordinal);

    private CodePointSet((int First, int Last)[] ranges) => Ranges = ranges;

    public static CodePointSet Empty { get; } = new(Array.Empty<(int, int)>());

    public static CodePointSet All { get; } = new(BmpScalars);

    /// <summary>Sorted, disjoint, non-adjacent ranges.</summary>
    public (int First, int Last)[] Ranges { get; }

    public bool IsEmpty => Ranges.Length == 0;

    public static CodePointSet Of(params (int First, int Last)[] ranges) => Normalize(ranges);

    public static CodePointSet Single(int c) => Normalize(new[] { (c, c) });

    public bool Contains(int c) => Ranges.Any(r => r.First <= c && c <= r.Last);

    public CodePointSet Union(CodePointSet other) => Normalize(Ranges.Concat(other.Ranges));

    public CodePointSet Complement()
    {
        var result = new List<(int, int)>();
        var next = 0;
        foreach (var (first, last) in Ranges)
        {
            if (first > next)
                result.Add((next, first - 1));
            next = last + 1;
        }
        if (next <= 0xFFFF)
            result.Add((next, 0xFFFF));
        return Normalize(result);
    }

    public CodePointSet Minus(CodePointSet other) => Intersect(other.Complement());

    public CodePointSet Intersect(CodePointSet other) => Complement().Union(other.Complement()).Complement();

    /// <summary>All BMP code points whose Unicode category is one of <paramref name="categories"/>.</summary>
    public static CodePointSet OfCategories(params UnicodeCategory[] categories)
    {
        var key = string.Join(",", categories);
        lock (CategoryCache)
        {
            if (CategoryCache.TryGetValue(key, out var cached))
                return cached;
            var ranges = new List<(int, int)>();
            var start = -1;
            for (var c = 0; c <= 0x10000; c++)
            {
                var inSet = c <= 0xFFFF && !char.IsSurrogate((char)c) && categories.Contains(CharUnicodeInfo.GetUnicodeCategory((char)c));
                if (inSet && start < 0)
                    start = c;
                else if (!inSet && start >= 0)
                {
                    ranges.Add((start, c - 1));
                    start = -1;
                }
            }
            var set = Normalize(ranges);
            CategoryCache[key] = set;
            return set;
        }
    }

    /// <summary>A stable text key (for sharing rules between equal sets).</summary>
    public string Key()
    {
        var sb = new StringBuilder();
        foreach (var (first, last) in Ranges)
            sb.Append(CultureInfo.InvariantCulture, $"{first:X}-{last:X},");
        return sb.ToString();
    }

    private static CodePointSet Normalize(IEnumerable<(int First, int Last)> ranges)
    {
        var clipped = new List<(int First, int Last)>();
        foreach (var (first, last) in ranges)
        {
            foreach (var (bf, bl) in BmpScalars)
            {
                var f = Math.Max(first, bf);
                var l = Math.Min(last, bl);
                if (f <= l)
                    clipped.Add((f, l));
            }
        }
        clipped.Sort();
        var merged = new List<(int First, int Last)>();
        foreach (var r in clipped)
        {
            if (merged.Count > 0 && r.First <= merged[^1].Last + 1)
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, r.Last));
            else
                merged.Add(r);
        }
        return new CodePointSet(merged.ToArray());
    }
}
