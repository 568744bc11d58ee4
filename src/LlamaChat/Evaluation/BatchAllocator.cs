namespace LlamaChat.Evaluation;

/// <summary>
/// Splits a batch's room between waiting requests: first an equal share each (capped by what each needs),
/// then what is left over, handed out by priority (higher first, then first come).
/// </summary>
internal static class BatchAllocator
{
    public static Dictionary<T, int> Allocate<T>(IReadOnlyList<T> items, Func<T, int> needed, Func<T, int> priority, int batchSize)
        where T : notnull
    {
        if (items.Count == 1) return new Dictionary<T, int>(1) { [items[0]] = Math.Min(needed(items[0]), batchSize) }; // the common case
        var shares = items.ToDictionary(i => i, _ => 0);
        if (items.Count == 0) return shares;
        var room = batchSize;
        var equalShare = Math.Max(1, batchSize / items.Count);
        foreach (var item in items)
        {
            if (room == 0) break;
            var take = Math.Min(Math.Min(equalShare, needed(item)), room);
            shares[item] = take;
            room -= take;
        }
        foreach (var item in items.OrderByDescending(priority))
        {
            if (room == 0) break;
            var take = Math.Min(needed(item) - shares[item], room);
            shares[item] += take;
            room -= take;
        }
        return shares;
    }
}
