using System.Text;

namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// Produces random sentences of a <see cref="GbnfGrammar"/>: a stand-in for a model sampling under the grammar,
/// for tests and for previewing what a grammar allows. Choices are uniform among alternatives; past
/// <see cref="MaxDepth"/> nested rules (or <see cref="MaxLength"/> characters) it takes the shortest way out,
/// so the output is always finite. Deterministic for a seeded <see cref="Random"/>.
/// </summary>
public sealed class GbnfRandomGenerator
{
    private const int Infinite = int.MaxValue;

    // Characters drawn for "." and negated classes: mostly printable ASCII, with some multi-byte and
    // non-BMP characters so consumers of the text see real Unicode.
    private static readonly int[] ExtraCharacters =
        { 'é', 'ß', 'Ω', '中', '日', 'ア', 0x1F600, 0x1F680, '\t', '\n', 0xA0, '€', 'ñ', 'ü' };

    private readonly GbnfFlatGrammar _flat;
    private readonly int _startRule;
    private readonly int[] _ruleCost;

    /// <summary>Creates a generator for <paramref name="grammar"/>, starting at <paramref name="startRule"/> (default: the root rule).</summary>
    /// <exception cref="GrammarException">The start rule cannot produce any finite text (for example it needs a token reference or loops forever).</exception>
    public GbnfRandomGenerator(GbnfGrammar grammar, string? startRule = null)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        _flat = grammar.Flat;
        _startRule = grammar.GetRuleId(startRule);
        _ruleCost = ComputeRuleCosts(_flat);
        if (_ruleCost[_startRule] == Infinite)
            throw new GrammarException(
                $"Rule '{startRule ?? grammar.RootRuleName}' cannot produce any finite text (it needs a token reference, an impossible character class, or never stops recursing).");
    }

    /// <summary>How many rules deep the generator goes before it only takes the shortest alternatives. Default 32.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>A soft cap on the output length in characters: past it the generator finishes by the shortest way. Default 4000.</summary>
    public int MaxLength { get; init; } = 4000;

    /// <summary>Generates one sentence of the grammar.</summary>
    public string Generate(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var output = new StringBuilder();
        GenerateRule(_startRule, 0, random, output);
        return output.ToString();
    }

    private void GenerateRule(int ruleId, int depth, Random random, StringBuilder output)
    {
        var rule = _flat.Rules[ruleId];
        var shortest = depth >= MaxDepth || output.Length >= MaxLength;
        var options = new List<int>();
        var best = Infinite;
        foreach (var start in _flat.AlternativeStarts(ruleId))
        {
            var cost = AlternativeCost(rule, start, _ruleCost);
            if (cost == Infinite)
                continue;
            if (shortest)
            {
                if (cost < best)
                {
                    best = cost;
                    options.Clear();
                }
                if (cost == best)
                    options.Add(start);
            }
            else
            {
                options.Add(start);
            }
        }
        var index = options[random.Next(options.Count)];
        while (!rule[index].IsEndOfAlternative)
        {
            var e = rule[index];
            if (e.Type == GbnfElementType.RuleReference)
            {
                GenerateRule(e.Value, depth + 1, random, output);
                index++;
            }
            else
            {
                var end = CharGroupEnd(rule, index);
                output.Append(char.ConvertFromUtf32(PickChar(rule, index, end, random)));
                index = end;
            }
        }
    }

    private static int PickChar(GbnfElement[] rule, int start, int end, Random random)
    {
        var first = rule[start];
        if (first.Type == GbnfElementType.Char)
        {
            var ranges = Ranges(rule, start, end).Where(r => FirstScalarIn(r.First, r.Last) >= 0).ToList();
            var (lo, hi) = ranges[random.Next(ranges.Count)];
            for (var attempt = 0; attempt < 16; attempt++)
            {
                var cp = lo + (int)(random.NextInt64((long)hi - lo + 1));
                if (IsScalar(cp))
                    return cp;
            }
            return FirstScalarIn(lo, hi);
        }
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var cp = random.Next(100) < 85 ? random.Next(0x20, 0x7F) : ExtraCharacters[random.Next(ExtraCharacters.Length)];
            if (Matches(rule, start, end, cp))
                return cp;
        }
        for (var cp = 0x20; cp <= 0x10FFFF; cp++)
        {
            if (IsScalar(cp) && Matches(rule, start, end, cp))
                return cp;
        }
        for (var cp = 0; cp < 0x20; cp++)
        {
            if (Matches(rule, start, end, cp))
                return cp;
        }
        throw new GrammarException("A negated character class excludes every character, so the grammar cannot continue.");
    }

    private static bool Matches(GbnfElement[] rule, int start, int end, int cp)
    {
        if (rule[start].Type == GbnfElementType.CharAny)
            return true;
        var inRanges = Ranges(rule, start, end).Any(r => r.First <= cp && cp <= r.Last);
        return rule[start].Type == GbnfElementType.CharNot ? !inRanges : inRanges;
    }

    private static IEnumerable<(int First, int Last)> Ranges(GbnfElement[] rule, int start, int end)
    {
        var i = start;
        while (i < end)
        {
            if (i + 1 < end && rule[i + 1].Type == GbnfElementType.CharRangeUpper)
            {
                yield return (rule[i].Value, rule[i + 1].Value);
                i += 2;
            }
            else
            {
                yield return (rule[i].Value, rule[i].Value);
                i++;
            }
        }
    }

    private static int CharGroupEnd(GbnfElement[] rule, int start)
    {
        var i = start + 1;
        while (rule[i].Type is GbnfElementType.CharAlternative or GbnfElementType.CharRangeUpper)
            i++;
        return i;
    }

    private static bool CanMatchSomething(GbnfElement[] rule, int start, int end)
    {
        if (rule[start].Type != GbnfElementType.Char)
            return true;
        return Ranges(rule, start, end).Any(r => FirstScalarIn(r.First, r.Last) >= 0);
    }

    private static int FirstScalarIn(int lo, int hi)
    {
        if (lo > hi || hi < 0 || lo > 0x10FFFF)
            return -1;
        lo = Math.Max(lo, 0);
        if (lo is >= 0xD800 and <= 0xDFFF)
            lo = 0xE000;
        return lo <= Math.Min(hi, 0x10FFFF) ? lo : -1;
    }

    private static bool IsScalar(int cp) => cp is >= 0 and <= 0x10FFFF and (< 0xD800 or > 0xDFFF);

    // Shortest output length of each rule, by fixpoint iteration; Infinite when the rule cannot finish.
    private static int[] ComputeRuleCosts(GbnfFlatGrammar flat)
    {
        var costs = new int[flat.Rules.Length];
        Array.Fill(costs, Infinite);
        bool changed;
        do
        {
            changed = false;
            for (var r = 0; r < flat.Rules.Length; r++)
            {
                var rule = flat.Rules[r];
                foreach (var start in flat.AlternativeStarts(r))
                {
                    var cost = AlternativeCost(rule, start, costs);
                    if (cost < costs[r])
                    {
                        costs[r] = cost;
                        changed = true;
                    }
                }
            }
        } while (changed);
        return costs;
    }

    private static int AlternativeCost(GbnfElement[] rule, int start, int[] costs)
    {
        long total = 0;
        var i = start;
        while (!rule[i].IsEndOfAlternative)
        {
            var e = rule[i];
            if (e.Type == GbnfElementType.RuleReference)
            {
                if (costs[e.Value] == Infinite)
                    return Infinite;
                total += costs[e.Value];
                i++;
            }
            else if (e.IsToken)
            {
                return Infinite;
            }
            else
            {
                var end = CharGroupEnd(rule, i);
                if (!CanMatchSomething(rule, i, end))
                    return Infinite;
                total += 1;
                i = end;
            }
        }
        return (int)Math.Min(total, Infinite - 1);
    }
}
