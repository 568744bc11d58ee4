namespace LlamaChat;

/// <summary>
/// A grammar was rejected before it could reach llama.cpp: GBNF that llama.cpp's parser would refuse (or
/// crash on), a missing start rule, left recursion, or a grammar that cannot produce any text.
/// </summary>
public class GrammarException : LlamaChatException
{
    /// <summary>Creates the exception; <paramref name="line"/> and <paramref name="column"/> are 1-based, 0 when unknown.</summary>
    public GrammarException(string message, int line = 0, int column = 0, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line in the GBNF text where the problem is, or 0 when it has no single place.</summary>
    public int Line { get; }

    /// <summary>The 1-based column (in UTF-16 characters) in the GBNF text, or 0 when it has no single place.</summary>
    public int Column { get; }
}
