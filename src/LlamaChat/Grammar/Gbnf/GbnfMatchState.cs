namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// An incremental match in progress (see <see cref="GbnfMatcher.Start"/>): the set of grammar positions the
/// text so far can be in. Not thread-safe; <see cref="Clone"/> to branch.
/// </summary>
public sealed class GbnfMatchState
{
    // Matches on pathological grammars can explode; past this many live stacks we stop rather than eat memory.
    private const int MaxStacks = 200_000;

    private readonly GbnfFlatGrammar _flat;
    private List<GbnfStack?> _stacks;

    internal GbnfMatchState(GbnfFlatGrammar flat, int startRule)
    {
        _flat = flat;
        _stacks = new List<GbnfStack?>();
        var seenOut = new HashSet<StackKey>();
        foreach (var alt in flat.AlternativeStarts(startRule))
        {
            var stack = flat.Rules[startRule][alt].IsEndOfAlternative ? null : new GbnfStack(startRule, alt, null);
            Advance(stack, _stacks, seenOut);
        }
    }

    private GbnfMatchState(GbnfFlatGrammar flat, List<GbnfStack?> stacks)
    {
        _flat = flat;
        _stacks = stacks;
    }

    /// <summary>Whether the text accepted so far is a complete sentence of the grammar.</summary>
    public bool IsComplete => _stacks.Contains(null);

    /// <summary>Whether the text accepted so far can still be completed; false once a code point was rejected.</summary>
    public bool IsViable => _stacks.Count > 0;

    /// <summary>Feeds one Unicode code point. Returns false (and leaves the state unchanged) when the grammar rejects it.</summary>
    public bool Accept(int codePoint)
    {
        var next = new List<GbnfStack?>();
        var seenOut = new HashSet<StackKey>();
        foreach (var stack in _stacks)
        {
            if (stack is null)
                continue;
            var rule = _flat.Rules[stack.Rule];
            var element = rule[stack.Index];
            if (element.IsToken)
                continue;
            var (matched, after) = MatchChar(rule, stack.Index, codePoint);
            if (!matched)
                continue;
            var popped = rule[after].IsEndOfAlternative ? stack.Below : new GbnfStack(stack.Rule, after, stack.Below);
            Advance(popped, next, seenOut);
            if (next.Count > MaxStacks)
                throw new GrammarException($"The grammar is too ambiguous to match managed-side (more than {MaxStacks} parse stacks).");
        }
        if (next.Count == 0)
            return false;
        _stacks = next;
        return true;
    }

    /// <summary>Feeds every code point of <paramref name="text"/>; returns false at the first rejected one (the state then holds the accepted part).</summary>
    public bool Accept(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Accept(rune.Value))
                return false;
        }
        return true;
    }

    /// <summary>Returns an independent copy of this state.</summary>
    public GbnfMatchState Clone() => new(_flat, new List<GbnfStack?>(_stacks));

    /// <summary>Whether the grammar allows <paramref name="codePoint"/> next, without consuming it.</summary>
    public bool CanAccept(int codePoint)
    {
        foreach (var stack in _stacks)
        {
            if (stack is null)
                continue;
            var rule = _flat.Rules[stack.Rule];
            if (!rule[stack.Index].IsToken && MatchChar(rule, stack.Index, codePoint).Matched)
                return true;
        }
        return false;
    }

    // Expands rule references on top of the stack until every resulting stack has a terminal on top (or is
    // empty, which means "complete"), exactly like llama_grammar_advance_stack.
    private void Advance(GbnfStack? start, List<GbnfStack?> output, HashSet<StackKey> seenOut)
    {
        var todo = new Stack<GbnfStack?>();
        var seen = new HashSet<StackKey>();
        todo.Push(start);
        while (todo.Count > 0)
        {
            var current = todo.Pop();
            if (!seen.Add(new StackKey(current)))
                continue;
            if (current is null)
            {
                if (seenOut.Add(new StackKey(null)))
                    output.Add(null);
                continue;
            }
            var rule = _flat.Rules[current.Rule];
            var element = rule[current.Index];
            if (element.Type == GbnfElementType.RuleReference)
            {
                var target = element.Value;
                var restIndex = current.Index + 1;
                var rest = rule[restIndex].IsEndOfAlternative ? current.Below : new GbnfStack(current.Rule, restIndex, current.Below);
                var targetRule = _flat.Rules[target];
                foreach (var alt in _flat.AlternativeStarts(target))
                    todo.Push(targetRule[alt].IsEndOfAlternative ? rest : new GbnfStack(target, alt, rest));
            }
            else if (seenOut.Add(new StackKey(current)))
            {
                output.Add(current);
            }
        }
    }

    private static (bool Matched, int After) MatchChar(GbnfElement[] rule, int index, int codePoint)
    {
        var first = rule[index];
        var positive = first.Type is GbnfElementType.Char or GbnfElementType.CharAny;
        var found = false;
        var i = index;
        do
        {
            var e = rule[i];
            if (rule[i + 1].Type == GbnfElementType.CharRangeUpper)
            {
                found |= e.Value <= codePoint && codePoint <= rule[i + 1].Value;
                i += 2;
            }
            else if (e.Type == GbnfElementType.CharAny)
            {
                found = true;
                i += 1;
            }
            else
            {
                found |= e.Value == codePoint;
                i += 1;
            }
        } while (rule[i].Type == GbnfElementType.CharAlternative);
        return (found == positive, i);
    }

    private readonly record struct StackKey(GbnfStack? Stack)
    {
        public bool Equals(StackKey other) => Stack is null ? other.Stack is null : Stack.Equals(other.Stack);

        public override int GetHashCode() => Stack?.GetHashCode() ?? 0;
    }
}
