namespace LlamaChat.Evaluation;

/// <summary>A GBNF grammar as the sampler needs it: its text and root rule, already validated.</summary>
public sealed record GrammarSpec(string Gbnf, string RootRule = "root");
