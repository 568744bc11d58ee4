namespace LlamaChat.Grammar.Gbnf;

/// <summary>An inclusive range of Unicode code points inside a character class; a single character has <see cref="First"/> equal to <see cref="Last"/>.</summary>
/// <param name="First">The first code point.</param>
/// <param name="Last">The last code point. llama.cpp accepts a range whose last is below its first: it matches nothing.</param>
public readonly record struct GbnfCharacterRange(int First, int Last);
