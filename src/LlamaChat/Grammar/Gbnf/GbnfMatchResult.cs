namespace LlamaChat.Grammar.Gbnf;

/// <summary>The outcome of <see cref="GbnfMatcher.Match"/>.</summary>
/// <param name="IsComplete">The whole text is a sentence of the grammar.</param>
/// <param name="IsViablePrefix">The whole text was accepted so far: some continuation (perhaps empty) completes it.</param>
/// <param name="Position">The UTF-16 index of the first character the grammar rejected, or the text length when none was rejected.</param>
public readonly record struct GbnfMatchResult(bool IsComplete, bool IsViablePrefix, int Position);
