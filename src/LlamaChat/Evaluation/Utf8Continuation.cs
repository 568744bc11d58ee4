namespace LlamaChat.Evaluation;

/// <summary>
/// Where a byte stream is within a UTF-8 character, to tell whether more bytes keep it valid (no stray
/// continuation bytes, overlong forms, surrogates or code points above U+10FFFF). A grammar constrains text by
/// bytes and lets such bytes through; decoded, each becomes U+FFFD and breaks what the grammar promised.
/// </summary>
internal readonly record struct Utf8Continuation(int Remaining, byte Min, byte Max)
{
    public static Utf8Continuation Start => new(0, 0x80, 0xBF);

    /// <summary>The state after <paramref name="bytes"/>, or null when they would make the text invalid.</summary>
    public Utf8Continuation? Append(ReadOnlySpan<byte> bytes)
    {
        var state = this;
        foreach (var b in bytes)
        {
            if (state.Remaining > 0)
            {
                if (b < state.Min || b > state.Max) return null;
                state = new Utf8Continuation(state.Remaining - 1, 0x80, 0xBF);
                continue;
            }
            state = b switch
            {
                <= 0x7F => Start,
                >= 0xC2 and <= 0xDF => new(1, 0x80, 0xBF),
                0xE0 => new(2, 0xA0, 0xBF),
                0xED => new(2, 0x80, 0x9F),
                >= 0xE1 and <= 0xEF => new(2, 0x80, 0xBF),
                0xF0 => new(3, 0x90, 0xBF),
                >= 0xF1 and <= 0xF3 => new(3, 0x80, 0xBF),
                0xF4 => new(3, 0x80, 0x8F),
                _ => new(-1, 0, 0), // a continuation byte or a byte that never starts a character
            };
            if (state.Remaining < 0) return null;
        }
        return state;
    }
}
