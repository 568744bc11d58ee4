using System.Text;

namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// Checks text against a <see cref="GbnfGrammar"/> with the same pushdown-stack algorithm llama.cpp uses while
/// sampling, so "accepted here" means "llama.cpp would let the model write it". Text is matched code point by
/// code point; token references never match text.
/// </summary>
public sealed class GbnfMatcher
{
    private readonly GbnfFlatGrammar _flat;
    private readonly int _startRule;

    /// <summary>Creates a matcher for <paramref name="grammar"/>, starting at <paramref name="startRule"/> (default: the grammar's root rule).</summary>
    /// <exception cref="ArgumentException">The grammar has no rule called <paramref name="startRule"/>.</exception>
    public GbnfMatcher(GbnfGrammar grammar, string? startRule = null)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        _flat = grammar.Flat;
        _startRule = grammar.GetRuleId(startRule);
    }

    /// <summary>Whether the whole of <paramref name="text"/> is a sentence of the grammar.</summary>
    public bool Matches(string text) => Match(text).IsComplete;

    /// <summary>Whether <paramref name="text"/> can still be continued (possibly with nothing) into a sentence of the grammar.</summary>
    public bool IsViablePrefix(string text) => Match(text).IsViablePrefix;

    /// <summary>Matches <paramref name="text"/> and reports how far it got.</summary>
    public GbnfMatchResult Match(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = Start();
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!state.Accept(rune.Value))
                return new GbnfMatchResult(false, false, index);
            index += rune.Utf16SequenceLength;
        }
        return new GbnfMatchResult(state.IsComplete, true, text.Length);
    }

    /// <summary>Starts an incremental match, fed one code point or string at a time.</summary>
    public GbnfMatchState Start() => new(_flat, _startRule);
}
