namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// Finds left recursion the way llama.cpp does when it creates a grammar: a rule is followed into the rules
/// referenced at the start of each alternative, and past a referenced rule only when that rule has an
/// alternative that is empty on its face (llama.cpp does not compute nullability transitively, so neither
/// do we: the check must refuse exactly what llama.cpp refuses). Two further checks refuse what llama.cpp
/// accepts but cannot survive: <see cref="FindGrowingCycleRule"/> and <see cref="LongestLeftChain"/>.
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

    /// <summary>
    /// The longest chain of rules each referenced at the start of the one before. llama.cpp's left-recursion
    /// check goes one level of native recursion deeper per rule of it, so a very long chain (<c>r1 ::= r2</c>,
    /// <c>r2 ::= r3</c>, ...) overflows the native stack and kills the process. Call only when
    /// <see cref="FindLeftRecursiveRule"/> found nothing: the chains are then finite.
    /// </summary>
    public int LongestLeftChain()
    {
        var n = _grammar.Rules.Length;
        var depth = new int[n]; // 0 = not reached, -1 = in progress
        var longest = 0;
        for (var start = 0; start < n; start++)
        {
            if (depth[start] != 0)
                continue;
            var stack = new Stack<(int Rule, IEnumerator<int> Next)>();
            depth[start] = -1;
            stack.Push((start, LeftReferences(start).GetEnumerator()));
            while (stack.Count > 0)
            {
                var (rule, next) = stack.Peek();
                if (next.MoveNext())
                {
                    if (depth[next.Current] == 0)
                    {
                        depth[next.Current] = -1;
                        stack.Push((next.Current, LeftReferences(next.Current).GetEnumerator()));
                    }
                    continue;
                }
                stack.Pop();
                var d = 1;
                foreach (var target in LeftReferences(rule))
                    d = Math.Max(d, depth[target] + 1);
                depth[rule] = d;
                longest = Math.Max(longest, d);
            }
        }
        return longest;
    }

    /// <summary>
    /// Returns a rule on a cycle that llama.cpp's check misses but its stack expansion never finishes, or -1.
    /// Such a rule reaches itself at the start through a rule that can match nothing only indirectly
    /// (<c>b ::= c</c>, <c>c ::= "z" |</c>), and some reference on the way is followed by more of its
    /// alternative: each time around, that rest is pushed, so no stack ever repeats and memory runs out.
    /// Cycles whose references all end their alternative are harmless (<c>("a"?)*</c>): the stack comes back
    /// the same and llama.cpp stops there.
    /// </summary>
    public int FindGrowingCycleRule()
    {
        var rules = _grammar.Rules;
        var n = rules.Length;
        var canMatchNothing = CanMatchNothing();
        var edges = new List<(int To, bool Tail)>[n];
        for (var r = 0; r < n; r++)
        {
            edges[r] = [];
            var atLeft = true;
            for (var i = 0; i < rules[r].Length; i++)
            {
                var e = rules[r][i];
                if (e.IsEndOfAlternative)
                {
                    atLeft = true;
                }
                else if (atLeft && e.Type == GbnfElementType.RuleReference)
                {
                    edges[r].Add((e.Value, rules[r][i + 1].IsEndOfAlternative));
                    atLeft = canMatchNothing[e.Value];
                }
                else
                {
                    atLeft = false;
                }
            }
        }

        // Strongly connected components (Tarjan's algorithm, iterative: generated grammars can be long chains).
        var index = new int[n];
        Array.Fill(index, -1);
        var low = new int[n];
        var component = new int[n];
        var onStack = new bool[n];
        var members = new Stack<int>();
        var (counter, components) = (0, 0);
        for (var start = 0; start < n; start++)
        {
            if (index[start] >= 0)
                continue;
            var work = new Stack<(int Rule, int Edge)>();
            Visit(start);
            while (work.Count > 0)
            {
                var (v, i) = work.Pop();
                if (i < edges[v].Count)
                {
                    work.Push((v, i + 1));
                    var w = edges[v][i].To;
                    if (index[w] < 0)
                        Visit(w);
                    else if (onStack[w])
                        low[v] = Math.Min(low[v], index[w]);
                    continue;
                }
                if (low[v] == index[v])
                {
                    int w;
                    do
                    {
                        w = members.Pop();
                        onStack[w] = false;
                        component[w] = components;
                    } while (w != v);
                    components++;
                }
                if (work.Count > 0)
                    low[work.Peek().Rule] = Math.Min(low[work.Peek().Rule], low[v]);
            }

            void Visit(int v)
            {
                index[v] = low[v] = counter++;
                members.Push(v);
                onStack[v] = true;
                work.Push((v, 0));
            }
        }

        for (var r = 0; r < n; r++)
        {
            foreach (var (to, tail) in edges[r])
            {
                if (!tail && component[to] == component[r])
                    return r;
            }
        }
        return -1;
    }

    /// <summary>
    /// Which rules can match nothing, transitively: those with an alternative made only of such rules. A
    /// worklist rather than repeated passes, so a long chain of rules costs linear time.
    /// </summary>
    private bool[] CanMatchNothing()
    {
        var n = _grammar.Rules.Length;
        var empty = new bool[n];
        var waitingOn = new List<int>(); // per candidate alternative: references not yet known to match nothing
        var ruleOf = new List<int>();    // per candidate alternative: its rule
        var users = new List<int>?[n];   // per rule: the candidate alternatives that reference it
        var found = new Queue<int>();
        var refs = new List<int>();
        for (var r = 0; r < n; r++)
        {
            var possible = true;
            foreach (var e in _grammar.Rules[r])
            {
                if (e.IsEndOfAlternative)
                {
                    if (possible && refs.Count == 0 && !empty[r])
                    {
                        empty[r] = true;
                        found.Enqueue(r);
                    }
                    else if (possible && refs.Count > 0)
                    {
                        foreach (var target in refs)
                            (users[target] ??= []).Add(waitingOn.Count);
                        waitingOn.Add(refs.Count);
                        ruleOf.Add(r);
                    }
                    refs.Clear();
                    possible = true;
                }
                else if (e.Type == GbnfElementType.RuleReference)
                {
                    refs.Add(e.Value);
                }
                else
                {
                    possible = false;
                }
            }
        }
        while (found.TryDequeue(out var rule))
        {
            foreach (var alternative in users[rule] ?? [])
            {
                if (--waitingOn[alternative] > 0 || empty[ruleOf[alternative]])
                    continue;
                empty[ruleOf[alternative]] = true;
                found.Enqueue(ruleOf[alternative]);
            }
        }
        return empty;
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
