using System.Text;
using LlamaChat.Text;

namespace LlamaChat.Tests.Text;

public class StopTriggerDetectorTests
{
    [Fact]
    public void FindsATextTriggerSplitAcrossTokensAndHoldsBackItsStart()
    {
        var detector = new StopTriggerDetector([StopTrigger.FromText("</s>", "stop")]);
        Assert.Null(detector.Push(1, "Hello <"));
        Assert.Equal("Hello ".Length, detector.SafeTextEnd); // "<" may start the trigger
        Assert.Null(detector.Push(2, "/s"));
        Assert.Equal(6, detector.SafeTextEnd);
        var match = detector.Push(3, "> after");
        Assert.NotNull(match);
        Assert.Equal("stop", match.Trigger.Tag);
        Assert.Equal(6, match.Start);
        Assert.Equal(10, match.End);
        Assert.Equal(0, match.StartToken);
    }

    [Fact]
    public void ReleasesHeldTextWhenTheMatchFails()
    {
        var detector = new StopTriggerDetector([StopTrigger.FromText("<|im_end|>")]);
        Assert.Null(detector.Push(1, "a <|im"));
        Assert.Equal(2, detector.SafeTextEnd);
        Assert.Null(detector.Push(2, "agine"));
        Assert.Equal(detector.TextLength, detector.SafeTextEnd);
    }

    [Fact]
    public void MatchesTokenIdsWhateverTheirText()
    {
        var detector = new StopTriggerDetector([StopTrigger.FromToken(99, "eot"), new StopTrigger(["x", 7, "y"], "mixed")]);
        Assert.Null(detector.Push(5, "hi"));
        Assert.Equal("eot", detector.Push(99, "")!.Trigger.Tag);

        var mixed = new StopTriggerDetector([new StopTrigger(["x", 7, "y"], "mixed")]);
        Assert.Null(mixed.Push(1, "ax"));
        Assert.Null(mixed.Push(7, "whatever"));
        Assert.Equal(1, mixed.SafeTextEnd);
        var match = mixed.Push(3, "yz");
        Assert.Equal("mixed", match!.Trigger.Tag);
        Assert.Equal(1, match.Start);
        // The same text without token 7 does not match.
        var other = new StopTriggerDetector([new StopTrigger(["x", 7, "y"])]);
        other.Push(1, "ax");
        other.Push(8, "whatever");
        Assert.Null(other.Push(3, "yz"));
    }

    [Fact]
    public void FindsTriggersInsideOneTokenAndPrefersTheEarliest()
    {
        var detector = new StopTriggerDetector([StopTrigger.FromText("bc", "late"), StopTrigger.FromText("abcd", "early")]);
        var match = detector.Push(1, "xabcdz");
        Assert.Equal("early", match!.Trigger.Tag);
        Assert.Equal(1, match.Start);
    }

    [Fact]
    public void Utf8DecoderHoldsPartialCharacters()
    {
        var bytes = Encoding.UTF8.GetBytes("é😀");
        var decoder = new Utf8TokenDecoder();
        Assert.Equal("", decoder.Push(bytes.AsSpan(0, 1)));
        Assert.True(decoder.HasPendingBytes);
        Assert.Equal("é", decoder.Push(bytes.AsSpan(1, 2)));
        Assert.Equal("", decoder.Push(bytes.AsSpan(3, 2)));
        Assert.Equal("😀", decoder.Push(bytes.AsSpan(5)));
        Assert.False(decoder.HasPendingBytes);
        Assert.Equal("ok", decoder.Push("ok"u8));
    }
}
