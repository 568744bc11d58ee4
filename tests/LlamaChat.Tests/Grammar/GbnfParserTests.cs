using LlamaChat.Grammar.Gbnf;

namespace LlamaChat.Tests.Grammar;

public class GbnfParserTests
{
    [Theory]
    [InlineData("root ::= \"yes\" | \"no\"")]
    [InlineData("root ::= [a-z]+ # a comment\n")]
    [InlineData("root ::= x\nx ::= \"a\"{2,5}")]
    [InlineData("root ::= (\n  \"a\"\n  | \"b\"\n)")]
    [InlineData("root ::=\n  \"a\" b\nb ::= [^\\n\\\\]*")]
    [InlineData("root ::= \"\\x41\\u00e9\\U0001F600\\t\\n\\r\\\\\\\"\\[\\]\"")]
    [InlineData("root ::= [\\]\\[-]")]
    [InlineData("root ::= .")]
    [InlineData("root ::= \"a\"{3} \"b\"{2,} \"c\"{0,1} \"d\"{ 1 , 2 }")]
    [InlineData("root ::= <[42]> !<[7]> \"x\"")]
    [InlineData("root ::= <|im_end|>")]
    [InlineData("root ::= \"\"")]
    [InlineData("root ::= ")]
    [InlineData("root ::= []")]
    [InlineData("root ::= \"a\" |")]
    [InlineData("root ::= \"a\"\r\nb ::= \"c\"\r\n")]
    [InlineData("root ::= x-1\nx-1 ::= \"q\"")]
    [InlineData("root ::= \"a\"{2}*")]
    [InlineData("root ::= \"a\"{0,18446744073709551615}")]
    [InlineData("root ::= \"a\"{1999}")]
    [InlineData("root ::= (\"a\"){1000}")]
    [InlineData("root ::= a\na ::= \"x\" a | \"y\"")]
    [InlineData("root ::= a \"x\"\na ::= \"\" | \"q\"")]
    [InlineData("root ::= (\"a\"?)* \"b\"")]
    [InlineData("root ::= x \"b\"\nx ::= g x | \"\"\ng ::= q\nq ::= \"c\" | \"\"")]
    public void AcceptsWhatLlamaCppAccepts(string gbnf)
    {
        var grammar = GbnfGrammar.Parse(gbnf);
        Assert.Equal("root", grammar.RootRuleName);
        Assert.NotNull(grammar.FindRule("root"));
    }

    [Theory]
    [InlineData("", 1, 1, "defines no rules")]
    [InlineData("# only a comment\n", 1, 1, "defines no rules")]
    [InlineData("root = \"a\"", 1, 6, "'::='")]
    [InlineData("root ::= \"a", 1, 10, "unterminated literal")]
    [InlineData("root ::= [a-z", 1, 10, "unterminated character class")]
    [InlineData("root ::= (\"a\"", 1, 14, "')'")]
    [InlineData("root ::= \"a\")", 1, 13, "unexpected ')'")]
    [InlineData("root ::= \"\\q\"", 1, 11, "unknown escape")]
    [InlineData("root ::= [a\\-z]", 1, 12, "unknown escape")]
    [InlineData("root ::= \"a\"{0,2001}", 1, 13, "more than llama.cpp allows")]
    [InlineData("root ::= \"\\x4\"", 1, 11, "2 hex digits")]
    [InlineData("root ::= \"\\u12g4\"", 1, 11, "4 hex digits")]
    [InlineData("root ::= *", 1, 10, "must follow an item")]
    [InlineData("root ::= \"a\" | +", 1, 16, "must follow an item")]
    [InlineData("root ::= \"\"*", 1, 12, "must follow an item")]
    [InlineData("root ::= \"a\"{0}*", 1, 16, "must follow an item")]
    [InlineData("root ::= \"a\"{x}", 1, 14, "expected a number")]
    [InlineData("root ::= \"a\"{1 2}", 1, 16, "expected ',' or '}'")]
    [InlineData("root ::= \"a\"{1,2", 1, 17, "'}'")]
    [InlineData("root ::= \"a\"{3,1}", 1, 13, "maximum below its minimum")]
    [InlineData("root ::= \"a\"{2001}", 1, 13, "more than llama.cpp allows")]
    [InlineData("root ::= \"a\"{2000}", 1, 13, "limit of 2000")]
    [InlineData("root ::= (\"a\" \"b\"?){1000}", 1, 20, "limit of 2000")]
    [InlineData("root ::= \"a\"\n  | \"b\"", 2, 3, "expected a rule name")]
    [InlineData("root ::= foo", 1, 10, "'foo' is referenced but never defined")]
    [InlineData("root ::= a\na ::= b\nc ::= \"x\"", 2, 7, "'b' is referenced but never defined")]
    [InlineData("root ::= !\"a\"", 1, 11, "expected '<'")]
    [InlineData("root ::= <[x]>", 1, 12, "token id")]
    [InlineData("root ::= <[12>", 1, 14, "expected ']'")]
    [InlineData("root ::= <abc", 1, 10, "unterminated token")]
    [InlineData("root ::= \"a\"\0", 1, 13, "NUL")]
    public void RejectsWithLineAndColumn(string gbnf, int line, int column, string fragment)
    {
        var e = Assert.Throws<GrammarException>(() => GbnfGrammar.Parse(gbnf));
        Assert.Contains(fragment, e.Message);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
    }

    [Theory]
    [InlineData("root ::= root \"a\" | \"b\"", "root")]
    [InlineData("root ::= expr\nexpr ::= term | expr \"+\" term\nterm ::= [0-9]", "expr")]
    [InlineData("root ::= a\na ::= b \"x\"\nb ::= \"\" | a", "a")]
    [InlineData("root ::= ()* \"x\"", "root")]
    [InlineData("root ::= \"a\"**", "root")]
    [InlineData("root ::= a\na ::= (\"\" | b) \"x\"\nb ::= a", "a")]
    public void RejectsLeftRecursion(string gbnf, string rule)
    {
        var e = Assert.Throws<GrammarException>(() => GbnfGrammar.Parse(gbnf));
        Assert.Contains("left-recursive", e.Message);
        Assert.Contains($"'{rule}'", e.Message);
    }

    [Fact]
    public void RootIsRequired()
    {
        var e = Assert.Throws<GrammarException>(() => GbnfGrammar.Parse("start ::= \"a\""));
        Assert.Contains("no 'root' rule", e.Message);
        Assert.Equal("start", GbnfGrammar.Parse("start ::= \"a\"", "start").RootRuleName);
    }

    [Fact]
    public void BuildsTheSyntaxTree()
    {
        var grammar = GbnfGrammar.Parse("root ::= \"hi\" [^a-c] ( x | . )+ <[5]>\nx ::= \"\\u00e9\"{2,3}");
        var seq = Assert.Single(grammar.FindRule("root")!.Body.Options);
        Assert.Equal("hi", Assert.IsType<GbnfLiteral>(seq.Items[0]).Value);
        var cls = Assert.IsType<GbnfCharacterClass>(seq.Items[1]);
        Assert.True(cls.Negated);
        Assert.Equal(new GbnfCharacterRange('a', 'c'), Assert.Single(cls.Ranges));
        var rep = Assert.IsType<GbnfRepetition>(seq.Items[2]);
        Assert.Equal(1, rep.Min);
        Assert.Null(rep.Max);
        var group = Assert.IsType<GbnfGroup>(rep.Item);
        Assert.Equal(2, group.Body.Options.Count);
        Assert.Equal(5, Assert.IsType<GbnfTokenReference>(seq.Items[3]).TokenId);
        var x = Assert.IsType<GbnfRepetition>(Assert.Single(grammar.FindRule("x")!.Body.Options).Items[0]);
        Assert.Equal((2, 3), (x.Min, x.Max!.Value));
        Assert.Equal("é", Assert.IsType<GbnfLiteral>(x.Item).Value);
        Assert.Single(grammar.TokenReferences);
        Assert.Equal(2, grammar.Rules[1].Line);
    }

    [Fact]
    public void WarnsAboutQuirks()
    {
        var grammar = GbnfGrammar.Parse("root ::= \"a\" []\nroot ::= \"b\" [z-a]");
        Assert.Contains(grammar.Warnings, w => w.Contains("defined more than once"));
        Assert.Contains(grammar.Warnings, w => w.Contains("reversed"));
        // The last definition wins, as in llama.cpp.
        Assert.True(new GbnfMatcher(grammar).IsViablePrefix("b"));
        Assert.False(new GbnfMatcher(grammar).IsViablePrefix("a"));
    }

    [Theory]
    // Left recursion through a rule that matches nothing only indirectly: llama.cpp's check misses it, and its
    // stack expansion then loops while memory grows (gigabytes in seconds) until the process dies.
    [InlineData("root ::= x root \"a\" | \"b\"\nx ::= y\ny ::= \"c\" | \"\"", "root")]
    [InlineData("root ::= x \"q\"\nx ::= g x h | \"b\"\ng ::= q\nq ::= \"c\" | \"\"\nh ::= \"d\" | \"\"", "x")]
    public void RejectsLeftRecursionLlamaCppWouldLoopOn(string gbnf, string rule)
    {
        var e = Assert.Throws<GrammarException>(() => GbnfGrammar.Parse(gbnf));
        Assert.Contains("left-recursive", e.Message);
        Assert.Contains("memory", e.Message);
        Assert.Contains($"'{rule}'", e.Message);
    }

    [Fact]
    public void LongChainOfLeadingRulesIsAnErrorNotANativeStackOverflow()
    {
        // llama.cpp recursed once per rule of this chain: 100000 rules overflowed its stack (the process died).
        var gbnf = new System.Text.StringBuilder("root ::= r0 \"x\"\n");
        for (var i = 0; i < 100_000; i++)
            gbnf.Append($"r{i} ::= r{i + 1}\n");
        gbnf.Append("r100000 ::= \"b\"\n");
        var e = Assert.Throws<GrammarException>(() => GbnfGrammar.Parse(gbnf.ToString()));
        Assert.Contains("chain of 100002 rules", e.Message);
        // A chain that does not start each rule is walked without recursion, so it stays allowed.
        GbnfGrammar.Parse(gbnf.ToString().Replace(" ::= r", " ::= \"a\" r"));
    }

    [Fact]
    public void DeepNestingIsAnErrorNotAStackOverflow()
    {
        var gbnf = "root ::= " + new string('(', 5000) + "\"a\"" + new string(')', 5000);
        var e = Assert.Throws<GrammarException>(() => GbnfGrammar.Parse(gbnf));
        Assert.Contains("nested", e.Message);
    }
}
