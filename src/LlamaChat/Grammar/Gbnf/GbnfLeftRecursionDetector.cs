namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// Finds left recursion the way llama.cpp does when it creates a grammar: a rule is followed into the rules
/// referenced at the start of each alternative, and past a referenced rule only when that rule has an
/// alternative that is empty on its face (llama.cpp does not compute nullability transitively, so neither
/// do we: the check must refuse exactly what llama.cpp refuses).
/// </summary>
internal sealed class GbnfLeftRecursionDetector
{
    private readonly GbnfFlatGrammar _grammar;
    private readonly bool[] _mayBeEmpty;

    public GbnfLeftRecursionDetector(GbnfFlatGrammar grammar)
    {
        _grammar = grammar;
        _mayBeEmpty = new bool[grammar.Rules.Length];
        for (var i = 0; i < grammar.Rules.Length; i++)
            _mayBeEmpty[i] = HasEmptyAlternative(grammar.Rules[i]);
    }

    /// <summary>Returns the id of a rule on a left-recursive cycle, or -1 when there is none.</summary>
    public int FindLeftRecursiveRule()
    {
        var n = _grammar.Rules.Length;
        var state = new byte[n]; // 0 = unvisited, 1 = in progress, 2 = done
        for (var start = 0; start < n; start++)
        {
            if (state[start] != 0)
                continue;
            // Iterative depth-first search: grammars generated from deep schemas can be long chains.
            var stack = new Stack<(int Rule, IEnumerator<int> Next)>();
            state[start] = 1;
            stack.Push((start, LeftReferences(start).GetEnumerator()));
            while (stack.Count > 0)
            {
                var (rule, next) = stack.Peek();
                if (next.MoveNext())
                {
                    var target = next.Current;
                    if (state[target] == 1)
                        return target;
                    if (state[target] == 0)
                    {
                        state[target] = 1;
                        stack.Push((target, LeftReferences(target).GetEnumerator()));
                    }
                }
                else
                {
                    state[rule] = 2;
                    stack.Pop();
                }
            }
        }
        return -1;
    }

    private IEnumerable<int> LeftReferences(int ruleId)
    {
        var rule = _grammar.Rules[ruleId];
        var atLeft = true;
        foreach (var e in rule)
        {
            if (e.Type == GbnfElementType.RuleReference && atLeft)
            {
                yield return e.Value;
                if (!_mayBeEmpty[e.Value])
                    atLeft = false;
            }
            else if (e.IsEndOfAlternative)
            {
                atLeft = true;
            }
            else
            {
                atLeft = false;
            }
        }
    }

    private static bool HasEmptyAlternative(GbnfElement[] rule)
    {
        var atStart = true;
        foreach (var e in rule)
        {
            if (e.IsEndOfAlternative)
            {
                if (atStart)
                    return true;
                atStart = true;
            }
            else
            {
                atStart = false;
            }
        }
        return false;
    }
}
