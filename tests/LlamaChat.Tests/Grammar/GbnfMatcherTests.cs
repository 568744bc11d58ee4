using LlamaChat.Grammar;
using LlamaChat.Grammar.Gbnf;

namespace LlamaChat.Tests.Grammar;

public class GbnfMatcherTests
{
    private static GbnfMatcher Matcher(string gbnf) => new(GbnfGrammar.Parse(gbnf));

    [Theory]
    [InlineData("root ::= \"yes\" | \"no\"", "yes", true)]
    [InlineData("root ::= \"yes\" | \"no\"", "no", true)]
    [InlineData("root ::= \"yes\" | \"no\"", "ye", false)]
    [InlineData("root ::= \"yes\" | \"no\"", "yess", false)]
    [InlineData("root ::= [a-c]+", "abcabc", true)]
    [InlineData("root ::= [a-c]+", "", false)]
    [InlineData("root ::= [^a-c]", "d", true)]
    [InlineData("root ::= [^a-c]", "b", false)]
    [InlineData("root ::= \"x\"{2,3}", "x", false)]
    [InlineData("root ::= \"x\"{2,3}", "xx", true)]
    [InlineData("root ::= \"x\"{2,3}", "xxx", true)]
    [InlineData("root ::= \"x\"{2,3}", "xxxx", false)]
    [InlineData("root ::= \"x\"{2,}", "xxxxxxx", true)]
    [InlineData("root ::= \"ab\"?", "", true)]
    [InlineData("root ::= \"ab\"?", "ab", true)]
    [InlineData("root ::= .{3}", "a😀é", true)]
    [InlineData("root ::= []", "", true)]
    [InlineData("root ::= \"a\" <[5]>", "a", false)]
    [InlineData("root ::= [z-a]", "m", false)]
    [InlineData("root ::= a\na ::= \"(\" a \")\" | \"\"", "((()))", true)]
    [InlineData("root ::= a\na ::= \"(\" a \")\" | \"\"", "(()", false)]
    public void MatchesLikeLlamaCpp(string gbnf, string text, bool expected)
        => Assert.Equal(expected, Matcher(gbnf).Matches(text));

    [Fact]
    public void ReportsViablePrefixesAndTheRejectedPosition()
    {
        var m = Matcher("root ::= \"hello\" \" world\"?");
        Assert.True(m.IsViablePrefix("hel"));
        Assert.False(m.Matches("hel"));
        var result = m.Match("help");
        Assert.False(result.IsViablePrefix);
        Assert.Equal(3, result.Position);
        Assert.True(m.Match("hello").IsComplete);
        Assert.True(m.Match("hello").IsViablePrefix);
    }

    [Fact]
    public void IncrementalStateCanBeClonedAndQueried()
    {
        var state = Matcher("root ::= \"ab\" | \"ac\"").Start();
        Assert.True(state.Accept('a'));
        var branch = state.Clone();
        Assert.True(state.CanAccept('b'));
        Assert.False(state.CanAccept('d'));
        Assert.False(state.Accept('d'));
        Assert.True(state.IsViable);
        Assert.True(state.Accept('b'));
        Assert.True(state.IsComplete);
        Assert.True(branch.Accept("c"));
        Assert.True(branch.IsComplete);
    }

    [Fact]
    public void StartRuleCanBeChosen()
    {
        var grammar = GbnfGrammar.Parse("root ::= \"<\" inner \">\"\ninner ::= [0-9]+");
        Assert.True(new GbnfMatcher(grammar, "inner").Matches("123"));
        Assert.False(new GbnfMatcher(grammar).Matches("123"));
        Assert.Throws<ArgumentException>(() => new GbnfMatcher(grammar, "nope"));
    }

    public static TheoryData<string, string, string> BuiltInSamples => new()
    {
        { "json", "{\"a\": [1, 2.5, -3e2, true, null], \"b\": {\"c\": \"d\\n\\u00e9\"}}", "[1, 2]" },
        { "json", "{\n    \"x\": 1\n}", "{\"x\": 01}" },
        { "json_arr", "[{\"a\":1}, \"x\", []]", "{\"a\": 1}" },
        { "list", "- milk\n- eggs\n", "milk\n" },
        { "arithmetic", "2 * (x + 1) = 14", "2 * = 3" },
        { "c", "int main(void) {\n  int x = 1;\n  if (x > 0) return x;\n  return 0;\n}\n", "int main( {" },
        { "chess", "1. e4 e5 2. Nf3 Nc6 3. Bb5 a6 4. O-O Nf6", "1. e9" },
        { "english", "The cat sat on the mat. It was happy!", "the cat" },
        { "japanese", "こんにちは、世界。\nカタカナ！", "hello" },
    };

    [Theory]
    [MemberData(nameof(BuiltInSamples))]
    public void BuiltInGrammarsAcceptTheirLanguage(string name, string good, string bad)
    {
        var grammar = LlamaGrammar.BuiltIn(name);
        Assert.True(grammar.Matches(good), $"{name} should accept: {good}");
        Assert.False(grammar.Matches(bad), $"{name} should reject: {bad}");
    }

    [Fact]
    public void BuiltInGrammarsHaveStopTriggers()
    {
        Assert.Equal(new[] { "\n\n\n\n" }, LlamaGrammar.BuiltIn("json").StopGenerationTriggers);
        Assert.Equal(new[] { new string('\n', 10) }, LlamaGrammar.BuiltIn("english").StopGenerationTriggers);
        Assert.True(LlamaGrammar.BuiltIn("c").TrimWhitespaceSuffix);
        Assert.Equal(8, LlamaGrammar.BuiltInNames.Count);
        var e = Assert.Throws<ArgumentException>(() => LlamaGrammar.BuiltIn("yaml"));
        Assert.Contains("json_arr", e.Message);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("json_arr")]
    [InlineData("list")]
    [InlineData("arithmetic")]
    [InlineData("c")]
    [InlineData("chess")]
    [InlineData("english")]
    [InlineData("japanese")]
    public void RandomSentencesOfBuiltInsAreAcceptedByTheMatcher(string name)
    {
        var grammar = LlamaGrammar.BuiltIn(name).Definition;
        var generator = new GbnfRandomGenerator(grammar) { MaxDepth = 20 };
        var matcher = new GbnfMatcher(grammar);
        var random = new Random(1234);
        for (var i = 0; i < 30; i++)
        {
            var text = generator.Generate(random);
            Assert.True(matcher.Matches(text), $"{name}: generated text not accepted: {text}");
        }
    }

    [Fact]
    public void FromGbnfValidatesAndKeepsOptions()
    {
        var g = LlamaGrammar.FromGbnf("start ::= \"a\"+", "start", new[] { "STOP" }, trimWhitespaceSuffix: true);
        Assert.Equal("start", g.RootRuleName);
        Assert.Equal(new[] { "STOP" }, g.StopGenerationTriggers);
        Assert.True(g.TrimWhitespaceSuffix);
        Assert.True(g.Matches("aaa"));
        Assert.Throws<GrammarException>(() => LlamaGrammar.FromGbnf("root ::= (", "root"));
        Assert.Throws<ArgumentException>(() => LlamaGrammar.FromGbnf("root ::= \"a\"", "root", new[] { "" }));
    }

    [Fact]
    public void GeneratorRefusesGrammarsWithoutFiniteSentences()
    {
        Assert.Throws<GrammarException>(() => new GbnfRandomGenerator(GbnfGrammar.Parse("root ::= \"a\" root")));
        Assert.Throws<GrammarException>(() => new GbnfRandomGenerator(GbnfGrammar.Parse("root ::= <[3]>")));
    }
}
