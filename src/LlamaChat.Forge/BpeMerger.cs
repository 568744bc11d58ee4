namespace LlamaChat.Forge;

/// <summary>
/// Applies ranked BPE merges to one pre-token (in byte-level text), as llama.cpp does: repeatedly merge
/// the adjacent pair with the lowest rank, the leftmost one on ties, until no pair has a merge.
/// </summary>
internal sealed class BpeMerger
{
    private readonly Dictionary<(string, string), int> _ranks = new();

    public BpeMerger(IEnumerable<string> merges)
    {
        foreach (var merge in merges) Add(merge);
    }

    public int Count => _ranks.Count;

    /// <summary>Adds a merge <c>"left right"</c> with the next (lowest-priority) rank.</summary>
    public void Add(string merge)
    {
        int space = merge.IndexOf(' ', 1);
        _ranks.TryAdd((merge[..space], merge[(space + 1)..]), _ranks.Count);
    }

    public bool Contains(string left, string right) => _ranks.ContainsKey((left, right));

    /// <summary>The symbols <paramref name="word"/> ends as after all merges apply.</summary>
    public List<string> Merge(string word)
    {
        var symbols = new List<string>(word.Length);
        // Each char is one byte-level symbol (the mapping only uses chars below U+0200, never surrogates).
        foreach (char c in word) symbols.Add(c.ToString());
        while (symbols.Count > 1)
        {
            int best = -1;
            int bestRank = int.MaxValue;
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out int rank) && rank < bestRank)
                {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) break;
            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
        }
        return symbols;
    }
}
