namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// A grammar flattened the way llama.cpp flattens it: every group and repetition becomes its own rule, and
/// each rule is a list of elements whose alternatives are separated by <see cref="GbnfElementType.Alternative"/>
/// and which ends with <see cref="GbnfElementType.End"/>. Matching and sampling on this form behave exactly
/// like llama.cpp, including its quirks.
/// </summary>
internal sealed class GbnfFlatGrammar
{
    public GbnfFlatGrammar(GbnfElement[][] rules, string[] ruleNames, IReadOnlyDictionary<string, int> ruleIds)
    {
        Rules = rules;
        RuleNames = ruleNames;
        RuleIds = ruleIds;
    }

    /// <summary>The flattened rules indexed by rule id.</summary>
    public GbnfElement[][] Rules { get; }

    /// <summary>The name of each rule id (generated rules are named <c>base_N</c>).</summary>
    public string[] RuleNames { get; }

    /// <summary>Rule ids by name.</summary>
    public IReadOnlyDictionary<string, int> RuleIds { get; }

    /// <summary>The start offsets of each alternative of a rule.</summary>
    public IEnumerable<int> AlternativeStarts(int ruleId)
    {
        var rule = Rules[ruleId];
        yield return 0;
        for (var i = 0; i < rule.Length; i++)
        {
            if (rule[i].Type == GbnfElementType.Alternative)
                yield return i + 1;
        }
    }
}
