using LlamaChat.Evaluation;

namespace LlamaChat.Tests.Runtime;

public class BatchAllocatorTests
{
    private sealed record Item(string Name, int Needed, int Priority);

    private static Dictionary<string, int> Allocate(int batch, params Item[] items) =>
        BatchAllocator.Allocate(items, i => i.Needed, i => i.Priority, batch).ToDictionary(p => p.Key.Name, p => p.Value);

    [Fact]
    public void EverythingFitsWhenThereIsRoom() =>
        Assert.Equal(new Dictionary<string, int> { ["a"] = 3, ["b"] = 5 }, Allocate(512, new("a", 3, 5), new("b", 5, 5)));

    [Fact]
    public void SharesEquallyThenGivesLeftoverRoomByPriority()
    {
        var shares = Allocate(100, new("low", 500, 1), new("high", 500, 9), new("small", 10, 5));
        Assert.Equal(10, shares["small"]);
        Assert.Equal(33, shares["low"]); // its equal share
        Assert.Equal(57, shares["high"]); // its share plus what "small" did not need
        Assert.Equal(100, shares.Values.Sum());
    }

    [Fact]
    public void NeverExceedsTheBatch()
    {
        var shares = Allocate(7, new("a", 100, 1), new("b", 100, 1), new("c", 100, 1));
        Assert.Equal(7, shares.Values.Sum());
        Assert.All(shares.Values, v => Assert.InRange(v, 2, 3));
    }
}
