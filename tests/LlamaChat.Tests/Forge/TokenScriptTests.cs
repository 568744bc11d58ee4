using LlamaChat.Forge;

namespace LlamaChat.Tests.Forge;

public class TokenScriptTests
{
    [Fact]
    public void ChainsPredictAndEndAtTheEndToken()
    {
        var script = new TokenScript { EndTokenId = 99 }.AddChain(1, 2, 3);
        Assert.Equal(new[] { 2, 3, 99 }, script.Predict(1));
        Assert.Equal(new[] { 99 }, script.Predict(50));
        Assert.Equal(99, script.GetSuccessor(3));
    }

    [Fact]
    public void ATokenCannotHaveTwoSuccessors()
    {
        var script = new TokenScript { EndTokenId = 0 }.AddChain(1, 2, 3);
        script.AddSuccessor(1, 2); // the same successor again is fine
        var e = Assert.Throws<ArgumentException>(() => script.AddChain(5, 2, 4));
        Assert.Contains("already has successor 3", e.Message);
        Assert.Throws<ArgumentException>(() => script.AddSuccessor(-1, 2));
    }

    [Fact]
    public void ContextRulesSwitchTheSuccessorAfterTheMarker()
    {
        var script = new TokenScript { EndTokenId = 0 }
            .AddChain(10, 11, 12)
            .AddChain(20, 21)
            .AddContextRule(marker: 7, token: 10, successor: 20);
        Assert.Equal(new[] { 11, 12, 0 }, script.Predict(10));
        Assert.Equal(new[] { 20, 21, 0 }, script.Predict(10, markersSeen: [7]));
        Assert.Equal(new[] { 0 }, script.Predict(7));
        Assert.Throws<ArgumentException>(() => script.AddContextRule(8, 10, 21));
    }

    [Fact]
    public void RulesScriptedWeightsCannotExpressAreRefused()
    {
        var shared = new TokenScript { EndTokenId = 0 }.AddContextRule(7, 1, 5).AddContextRule(8, 2, 5);
        Assert.Contains("different markers", Assert.Throws<InvalidOperationException>(shared.Validate).Message);
        new TokenScript { EndTokenId = 0 }.AddContextRule(7, 1, 5).AddContextRule(7, 2, 5).Validate(); // same marker: fine

        var ordinaryIsAlternative = new TokenScript { EndTokenId = 0 }.AddChain(1, 3).AddContextRule(7, 1, 4).AddContextRule(7, 2, 3);
        Assert.Contains("ordinary successor 3", Assert.Throws<InvalidOperationException>(ordinaryIsAlternative.Validate).Message);

        Assert.Throws<InvalidOperationException>(new TokenScript().Validate);
        var vocab = new ByteBpeVocabularyBuilder().Build();
        Assert.Throws<ArgumentException>(() => new ForgedModelBuilder(vocab).WithScript(shared));
    }

    [Fact]
    public void DescriptionIsCanonical()
    {
        var a = new TokenScript { EndTokenId = 0 }.AddSuccessor(2, 3).AddSuccessor(1, 2);
        var b = new TokenScript { EndTokenId = 0 }.AddSuccessor(1, 2).AddSuccessor(2, 3);
        Assert.Equal(a.Describe(), b.Describe());
        Assert.NotEqual(a.Describe(), new TokenScript { EndTokenId = 1 }.AddSuccessor(1, 2).AddSuccessor(2, 3).Describe());
    }
}
