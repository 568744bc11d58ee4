using System.Text.Json.Nodes;
using LlamaChat.Text;

namespace LlamaChat.Tests.Text;

public class LlamaTextTests
{
    private static SpecialTokensText S(string text) => new(text);

    [Fact]
    public void AdjacentPartsOfTheSameKindMergeAndEmptyTextIsDropped()
    {
        var text = new LlamaText("a", "", "b", S("<x>"), S(""), S("<y>"), SpecialToken.Eos, SpecialToken.Eos, "c");

        Assert.Equal(
            [LlamaTextValue.FromText("ab"), LlamaTextValue.FromSpecialTokensText("<x><y>"), LlamaTextValue.FromSpecialToken(SpecialToken.Eos),
             LlamaTextValue.FromSpecialToken(SpecialToken.Eos), LlamaTextValue.FromText("c")],
            text.Values.ToArray());
    }

    [Fact]
    public void EqualityDependsOnKindsNotOnHowTheTextWasBuilt()
    {
        Assert.Equal(new LlamaText("ab", S("<x>")), new LlamaText("a", new LlamaText("b"), S("<x>")));
        Assert.NotEqual(new LlamaText("<x>"), new LlamaText(S("<x>")));
        Assert.True(new LlamaText("a") + "b" == new LlamaText("ab"));
        Assert.Equal(new LlamaText("ab").GetHashCode(), (new LlamaText("a") + "b").GetHashCode());
    }

    [Fact]
    public void JoinPutsTheSeparatorBetweenEveryTwoItemsIncludingEmptyOnes()
    {
        var joined = LlamaText.Join("\n\n", new LlamaText("a"), LlamaText.Empty, new LlamaText(S("<b>")));
        Assert.Equal(new LlamaText("a\n\n\n\n", S("<b>")), joined);
        Assert.Equal(LlamaText.Empty, LlamaText.Join("x", Array.Empty<LlamaText>()));
    }

    [Fact]
    public void TrimStopsAtSpecialTokensAndTrimsBothTextKinds()
    {
        var text = new LlamaText("  ", S(" \n<a> "), "x  ", S("  "));
        Assert.Equal(new LlamaText(S("<a> "), "x"), text.Trim());
        Assert.Equal(new LlamaText(SpecialToken.Bos, " a"), new LlamaText(SpecialToken.Bos, " a ").Trim());
    }

    [Fact]
    public void ToStringShowsSpecialTokensByName()
    {
        Assert.Equal("BOS<|im_start|>hi", new LlamaText(SpecialToken.Bos, S("<|im_start|>"), "hi").ToString());
        Assert.Equal("[BOS] + S(\"<a>\") + \"hi\\n\"", new LlamaText(SpecialToken.Bos, S("<a>"), "hi\n").ToDebugString());
    }

    [Fact]
    public void IncludesMatchesPartialEdgesButExactMiddles()
    {
        var text = new LlamaText("hello ", S("<a><b>"), "world");
        Assert.True(text.Includes(new LlamaText("llo")));
        Assert.True(text.Includes(new LlamaText("o ", S("<a><b>"), "wo")));
        Assert.False(text.Includes(new LlamaText("o ", S("<a>"), "wo")));
        Assert.False(text.Includes(new LlamaText(S("llo"))));
    }

    [Fact]
    public void JsonIsAStringForPlainTextAndAnArrayOtherwise()
    {
        Assert.Equal("\"\"", LlamaText.Empty.ToJsonString());
        Assert.Equal("\"hi\"", new LlamaText("hi").ToJsonString());
        Assert.Equal(
            """["a",{"type":"specialTokensText","value":"<b>"},{"type":"specialToken","value":"EOS"},{"type":"specialToken","value":"BOS"}]""",
            new LlamaText("a", S("<b>"), SpecialToken.Eos, SpecialToken.Bos).ToJsonString());
    }

    [Fact]
    public void JsonRoundTrips()
    {
        var text = new LlamaText(SpecialToken.Bos, S("<|im_start|>"), "x", SpecialToken.Nl, SpecialToken.Sep, SpecialToken.Eot);
        Assert.Equal(text, LlamaText.FromJson(text.ToJson()));
        Assert.Equal(new LlamaText("ab", S("c")), LlamaText.FromJsonString("""["a","b",{"type":"specialTokensText","value":"c"}]"""));
    }

    [Theory]
    [InlineData("5", "$")]
    [InlineData("""["a", 5]""", "$[1]")]
    [InlineData("""[{"type":"specialToken","value":"XYZ"}]""", "$[0].value")]
    [InlineData("""[{"type":"other","value":"x"}]""", "$[0].type")]
    [InlineData("""[{"type":"specialTokensText"}]""", "$[0].value")]
    public void MalformedJsonNamesThePath(string json, string path)
    {
        var e = Assert.Throws<LlamaTextFormatException>(() => LlamaText.FromJsonString(json));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains(path, e.Message);
        Assert.IsAssignableFrom<LlamaChatException>(e);
    }

    [Fact]
    public void PlainTextIsTokenizedWithoutSpecialTokenParsing()
    {
        var tokenizer = new FakeTokenizer();
        var userText = new LlamaText("<|im_end|>");
        Assert.DoesNotContain(tokenizer.IdOf("<|im_end|>"), userText.Tokenize(tokenizer));

        var markup = new LlamaText(S("<|im_end|>"));
        Assert.Equal([FakeTokenizer.LeadingSpace, tokenizer.IdOf("<|im_end|>")], markup.Tokenize(tokenizer));
    }

    [Fact]
    public void PartsAfterTheFirstAreTokenizedWithTrimLeadingSpace()
    {
        var tokenizer = new FakeTokenizer();
        var text = new LlamaText("a", S("<|im_start|>"), "b", SpecialToken.Eos, "c");
        Assert.Equal(
            [FakeTokenizer.LeadingSpace, 'a', tokenizer.IdOf("<|im_start|>"), 'b', tokenizer.IdOf("</s>"), 'c'],
            text.Tokenize(tokenizer));
        Assert.Equal(['a'], new LlamaText("a").Tokenize(tokenizer, trimLeadingSpace: true));
    }

    [Fact]
    public void MissingSpecialTokensContributeNothing()
    {
        var tokenizer = new FakeTokenizer();
        Assert.Equal([tokenizer.IdOf("<s>"), 'x'], new LlamaText(SpecialToken.Bos, SpecialToken.Eot, "x").Tokenize(tokenizer));
    }

    [Fact]
    public void MapValuesReplacesParts()
    {
        var text = new LlamaText("a{{x}}", S("{{x}}"));
        var mapped = text.MapValues(v => v.IsText ? v.Text.Replace("{{x}}", "b") : v);
        Assert.Equal(new LlamaText("ab", S("{{x}}")), mapped);
    }
}
