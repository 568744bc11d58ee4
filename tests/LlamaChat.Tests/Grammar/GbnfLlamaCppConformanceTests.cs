using LlamaChat.Grammar.Gbnf;

namespace LlamaChat.Tests.Grammar;

public class GbnfLlamaCppConformanceTests
{
    [Fact]
    public void AcceptsExactlyWhatTheShippedLlamaCppAccepts()
    {
        var mismatches = new List<string>();
        foreach (var (gbnf, accepted) in GbnfLlamaCppVerdicts.Cases)
        {
            var ours = GbnfGrammar.TryParse(gbnf, out _, out var error);
            if (ours != accepted)
                mismatches.Add($"llama.cpp {(accepted ? "accepts" : "rejects")} but we {(ours ? "accept" : "reject: " + error!.Message)}: {gbnf}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
        Assert.True(GbnfLlamaCppVerdicts.Cases.Length > 300);
    }
}
