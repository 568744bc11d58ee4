using System.Text;

namespace LlamaChat.Forge;

/// <summary>
/// GPT-2's byte-level mapping: every byte gets a printable Unicode character, so BPE token texts are
/// strings (a space is 'Ġ', a newline 'Ċ'). Printable ASCII and most Latin-1 map to themselves; the other
/// bytes map to U+0100 onwards in byte order.
/// </summary>
internal static class ByteLevelEncoding
{
    private static readonly char[] ByteToChar = BuildTable();
    private static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    public static char Encode(byte value) => ByteToChar[value];

    /// <summary>The byte-level text of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Encode(string text) => new(Encoding.UTF8.GetBytes(text).Select(b => ByteToChar[b]).ToArray());

    /// <summary>The bytes a byte-level token text stands for, or <c>null</c> when it has a character outside the mapping.</summary>
    public static byte[]? Decode(string tokenText)
    {
        var bytes = new byte[tokenText.Length];
        for (int i = 0; i < tokenText.Length; i++)
        {
            if (!CharToByte.TryGetValue(tokenText[i], out bytes[i])) return null;
        }
        return bytes;
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        var direct = new bool[256];
        foreach (var (from, to) in new[] { ('!', '~'), ('¡', '¬'), ('®', 'ÿ') })
        {
            for (int b = from; b <= to; b++) direct[b] = true;
        }
        int next = 256;
        for (int b = 0; b < 256; b++) table[b] = direct[b] ? (char)b : (char)next++;
        return table;
    }
}
