namespace LlamaChat.Grammar.Gbnf;

/// <summary>
/// An immutable pushdown stack of positions (rule id, element index), shared between the many stacks a match
/// keeps alive. Compared by content, as llama.cpp compares its stacks.
/// </summary>
internal sealed class GbnfStack : IEquatable<GbnfStack>
{
    private readonly int _hash;

    public GbnfStack(int rule, int index, GbnfStack? below)
    {
        Rule = rule;
        Index = index;
        Below = below;
        _hash = HashCode.Combine(rule, index, below?._hash ?? 0);
    }

    public int Rule { get; }

    public int Index { get; }

    public GbnfStack? Below { get; }

    public bool Equals(GbnfStack? other)
    {
        var a = this;
        var b = other;
        while (a is not null && b is not null)
        {
            if (ReferenceEquals(a, b))
                return true;
            if (a._hash != b._hash || a.Rule != b.Rule || a.Index != b.Index)
                return false;
            a = a.Below;
            b = b.Below;
        }
        return a is null && b is null;
    }

    public override bool Equals(object? obj) => obj is GbnfStack s && Equals(s);

    public override int GetHashCode() => _hash;
}
