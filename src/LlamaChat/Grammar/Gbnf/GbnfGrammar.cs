namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// A parsed and validated GBNF grammar. <see cref="Parse"/> accepts exactly the GBNF that llama.cpp's grammar
/// parser accepts (and refuses the few inputs that would hang it) and additionally checks what llama.cpp
/// checks when it creates the grammar sampler: every referenced rule is defined, the start rule exists and
/// no rule is left-recursive. Anything else raises a <see cref="GrammarException"/> with line and column.
/// </summary>
public sealed class GbnfGrammar
{
    private readonly Dictionary<string, GbnfRule> _rulesByName;

    internal GbnfGrammar(string text, string rootRuleName, IReadOnlyList<GbnfRule> rules, GbnfFlatGrammar flat, int rootRuleId,
        IReadOnlyList<string> warnings, IReadOnlyList<GbnfTokenReference> tokenReferences)
    {
        Text = text;
        RootRuleName = rootRuleName;
        Rules = rules;
        Flat = flat;
        RootRuleId = rootRuleId;
        Warnings = warnings;
        TokenReferences = tokenReferences;
        _rulesByName = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>The GBNF source text.</summary>
    public string Text { get; }

    /// <summary>The start rule's name.</summary>
    public string RootRuleName { get; }

    /// <summary>The rules in order of first definition (for a rule defined twice, the last definition, as llama.cpp uses).</summary>
    public IReadOnlyList<GbnfRule> Rules { get; }

    /// <summary>
    /// Things that are legal but probably not what was meant: duplicate rule definitions, empty or reversed
    /// character classes.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// The token references (<c>&lt;[id]&gt;</c>, <c>&lt;text&gt;</c>) in source order. They can only be checked
    /// against a model's vocabulary: an id must be below the vocabulary size and a text must tokenize to exactly one token.
    /// </summary>
    public IReadOnlyList<GbnfTokenReference> TokenReferences { get; }

    internal GbnfFlatGrammar Flat { get; }

    internal int RootRuleId { get; }

    /// <summary>
    /// Parses and validates GBNF text.
    /// </summary>
    /// <param name="text">The grammar in GBNF.</param>
    /// <param name="rootRuleName">The start rule; llama.cpp's convention is <c>root</c>.</param>
    /// <exception cref="GrammarException">The text is not GBNF llama.cpp accepts, a rule is undefined, the start rule is missing, or a rule is left-recursive.</exception>
    public static GbnfGrammar Parse(string text, string rootRuleName = "root") => GbnfParser.Parse(text, rootRuleName);

    /// <summary>Like <see cref="Parse"/>, but returns <c>false</c> with the error instead of throwing.</summary>
    public static bool TryParse(string text, out GbnfGrammar? grammar, out GrammarException? error, string rootRuleName = "root")
    {
        try
        {
            grammar = Parse(text, rootRuleName);
            error = null;
            return true;
        }
        catch (GrammarException e)
        {
            grammar = null;
            error = e;
            return false;
        }
    }

    /// <summary>Returns the rule called <paramref name="name"/>, or <c>null</c>.</summary>
    public GbnfRule? FindRule(string name) => _rulesByName.GetValueOrDefault(name);

    internal int GetRuleId(string? name)
    {
        if (name is null)
            return RootRuleId;
        if (!_rulesByName.ContainsKey(name) || !Flat.RuleIds.TryGetValue(name, out var id))
            throw new ArgumentException($"The grammar has no rule named '{name}'.", nameof(name));
        return id;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
