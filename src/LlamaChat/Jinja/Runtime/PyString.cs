using System.Globalization;
using System.Text;

namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// Python <c>str</c> behaviour that .NET strings lack: code-point indexing (Python counts an emoji as one
/// character, .NET as two), Python's whitespace set, split/strip/splitlines/title semantics.
/// </summary>
internal static class PyString
{
    /// <summary>
    /// Python <c>chr()</c> as <c>%c</c> and <c>{:c}</c> use it: any code point up to U+10FFFF, lone surrogates included
    /// (.NET's ConvertFromUtf32 refuses those and throws an ArgumentOutOfRangeException for the rest).
    /// </summary>
    public static string FromCodePoint(long cp)
    {
        if (cp is < 0 or > 0x10FFFF) throw JinjaRuntimeException.Type("%c arg not in range(0x110000)");
        return cp < 0x10000 ? ((char)cp).ToString() : char.ConvertFromUtf32((int)cp);
    }

    /// <summary>Python <c>str.isspace()</c> for one UTF-16 unit (all Python whitespace is in the BMP).</summary>
    public static bool IsSpace(char c) => c switch
    {
        ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\x1c' or '\x1d' or '\x1e' or '\x1f' or '\x85' or '\xa0' => true,
        '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    /// <summary>Python <c>str.isprintable()</c> for one code point.</summary>
    public static bool IsPrintable(int cp)
    {
        if (cp == ' ') return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    public static bool HasSurrogates(string s)
    {
        foreach (char c in s)
        {
            if (char.IsSurrogate(c)) return true;
        }
        return false;
    }

    /// <summary>Length in code points, as Python's <c>len(str)</c>.</summary>
    public static int Length(string s)
    {
        int n = s.Length;
        for (int i = 0; i < s.Length - 1; i++)
        {
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]))
            {
                n--;
                i++;
            }
        }
        return n;
    }

    /// <summary>The code points of a string, each as its own string (Python's iteration over a str).</summary>
    public static List<string> Chars(string s)
    {
        var result = new List<string>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                result.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                result.Add(CharToString(s[i]));
            }
        }
        return result;
    }

    private static readonly string[] AsciiStrings = Enumerable.Range(0, 128).Select(i => ((char)i).ToString()).ToArray();

    public static string CharToString(char c) => c < 128 ? AsciiStrings[c] : c.ToString();

    /// <summary>Converts a code-point index to a UTF-16 index.</summary>
    public static int ToUtf16Index(string s, int codePointIndex)
    {
        int cp = 0;
        int i = 0;
        while (i < s.Length && cp < codePointIndex)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            cp++;
        }
        return i;
    }

    /// <summary>Converts a UTF-16 index to a code-point index.</summary>
    public static int ToCodePointIndex(string s, int utf16Index)
    {
        int cp = 0;
        for (int i = 0; i < utf16Index && i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            cp++;
        }
        return cp;
    }

    /// <summary>Python <c>s[start:stop:step]</c> with indices already normalized by <see cref="PyOps.SliceIndices"/>.</summary>
    public static string Slice(string s, int start, int stop, int step)
    {
        if (step == 1)
        {
            if (stop <= start) return "";
            if (!HasSurrogates(s)) return s.Substring(start, stop - start);
            int a = ToUtf16Index(s, start);
            int b = ToUtf16Index(s, stop);
            return s.Substring(a, b - a);
        }
        var chars = HasSurrogates(s) ? Chars(s) : null;
        var sb = new StringBuilder();
        if (step > 0)
        {
            for (int i = start; i < stop; i += step) Append(sb, s, chars, i);
        }
        else
        {
            for (int i = start; i > stop; i += step) Append(sb, s, chars, i);
        }
        return sb.ToString();

        static void Append(StringBuilder sb, string s, List<string>? chars, int i)
        {
            if (chars is null) sb.Append(s[i]);
            else sb.Append(chars[i]);
        }
    }

    /// <summary>The code point at a (normalized) code-point index, as a string.</summary>
    public static string CharAt(string s, int index)
    {
        if (!HasSurrogates(s)) return CharToString(s[index]);
        return Chars(s)[index];
    }

    public static string Strip(string s, string? chars, bool left, bool right)
    {
        int start = 0;
        int end = s.Length;
        if (chars is null)
        {
            if (left) while (start < end && IsSpace(s[start])) start++;
            if (right) while (end > start && IsSpace(s[end - 1])) end--;
        }
        else
        {
            if (left) while (start < end && chars.Contains(s[start])) start++;
            if (right) while (end > start && chars.Contains(s[end - 1])) end--;
        }
        return start == 0 && end == s.Length ? s : s.Substring(start, end - start);
    }

    /// <summary>Python <c>str.split(sep, maxsplit)</c>.</summary>
    public static List<object?> Split(string s, string? sep, long maxSplit)
    {
        var result = new List<object?>();
        if (sep is null)
        {
            int i = 0;
            int splits = 0;
            while (true)
            {
                while (i < s.Length && IsSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (maxSplit >= 0 && splits >= maxSplit)
                {
                    result.Add(s.Substring(i));
                    break;
                }
                int j = i;
                while (j < s.Length && !IsSpace(s[j])) j++;
                result.Add(s.Substring(i, j - i));
                splits++;
                i = j;
            }
            return result;
        }
        if (sep.Length == 0) throw JinjaRuntimeException.Type("empty separator");
        int pos = 0;
        int count = 0;
        while (maxSplit < 0 || count < maxSplit)
        {
            int idx = s.IndexOf(sep, pos, StringComparison.Ordinal);
            if (idx < 0) break;
            result.Add(s.Substring(pos, idx - pos));
            pos = idx + sep.Length;
            count++;
        }
        result.Add(s.Substring(pos));
        return result;
    }

    /// <summary>Python <c>str.rsplit(sep, maxsplit)</c>.</summary>
    public static List<object?> RSplit(string s, string? sep, long maxSplit)
    {
        if (maxSplit < 0) return Split(s, sep, maxSplit);
        var result = new List<object?>();
        if (sep is null)
        {
            int i = s.Length;
            int splits = 0;
            while (true)
            {
                while (i > 0 && IsSpace(s[i - 1])) i--;
                if (i <= 0) break;
                if (splits >= maxSplit)
                {
                    result.Add(s.Substring(0, i));
                    break;
                }
                int j = i;
                while (j > 0 && !IsSpace(s[j - 1])) j--;
                result.Add(s.Substring(j, i - j));
                splits++;
                i = j;
            }
            result.Reverse();
            return result;
        }
        if (sep.Length == 0) throw JinjaRuntimeException.Type("empty separator");
        int end = s.Length;
        int count = 0;
        while (count < maxSplit)
        {
            int idx = end - sep.Length < 0 ? -1 : s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
            if (idx < 0 || idx + sep.Length > end) break;
            result.Add(s.Substring(idx + sep.Length, end - idx - sep.Length));
            end = idx;
            count++;
        }
        result.Add(s.Substring(0, end));
        result.Reverse();
        return result;
    }

    public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';

    /// <summary>Python <c>str.splitlines(keepends)</c>.</summary>
    public static List<string> SplitLines(string s, bool keepEnds)
    {
        var result = new List<string>();
        int i = 0;
        int start = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (IsLineBreak(c))
            {
                int eol = i;
                i++;
                if (c == '\r' && i < s.Length && s[i] == '\n') i++;
                result.Add(keepEnds ? s.Substring(start, i - start) : s.Substring(start, eol - start));
                start = i;
            }
            else
            {
                i++;
            }
        }
        if (start < s.Length) result.Add(s.Substring(start));
        return result;
    }

    /// <summary>Python <c>str.title()</c>: a letter following a cased letter is lowered, any other is uppered.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool previousCased = false;
        foreach (char c in s)
        {
            if (char.IsLetter(c) && (char.IsUpper(c) || char.IsLower(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter))
            {
                sb.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
                previousCased = true;
            }
            else
            {
                sb.Append(c);
                previousCased = false;
            }
        }
        return sb.ToString();
    }

    /// <summary>Python <c>str.capitalize()</c>.</summary>
    public static string Capitalize(string s)
    {
        if (s.Length == 0) return s;
        return char.ToUpperInvariant(s[0]) + s.Substring(1).ToLowerInvariant();
    }

    /// <summary>Python <c>str.upper()</c>; .NET lacks full case mapping, so the common expansion (ß → SS) is added.</summary>
    public static string Upper(string s)
    {
        var upper = s.ToUpperInvariant();
        return upper.Contains('ß') ? upper.Replace("ß", "SS", StringComparison.Ordinal) : upper;
    }

    /// <summary>Python <c>str.lower()</c>, including İ → i̇ which .NET's invariant mapping skips.</summary>
    public static string Lower(string s)
    {
        if (s.Contains('\u0130')) s = s.Replace("\u0130", "i\u0307", StringComparison.Ordinal);
        return s.ToLowerInvariant();
    }

    /// <summary>Python <c>str.center(width, fill)</c>.</summary>
    public static string Center(string s, long width, char fill = ' ')
    {
        int len = Length(s);
        if (width <= len) return s;
        long marg = width - len;
        long left = marg / 2 + (marg & width & 1);
        return new string(fill, (int)left) + s + new string(fill, (int)(marg - left));
    }

    /// <summary>Python <c>\w+</c> word count (letters, digits and underscores).</summary>
    public static int WordCount(string s)
    {
        int count = 0;
        bool inWord = false;
        foreach (char c in s)
        {
            bool w = char.IsLetterOrDigit(c) || c == '_';
            if (w && !inWord) count++;
            inWord = w;
        }
        return count;
    }

    /// <summary>Compares strings by code point, as Python orders str.</summary>
    public static int CompareCodePoints(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i];
            char y = b[i];
            if (x == y) continue;
            bool sx = char.IsSurrogate(x);
            bool sy = char.IsSurrogate(y);
            if (sx == sy) return x < y ? -1 : 1;
            return sx ? 1 : -1;
        }
        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Python <c>str.find</c> returning a code-point index, or -1.</summary>
    public static int Find(string s, string sub, int start, int end, bool reverse)
    {
        // start/end are normalized code-point indices
        bool surrogates = HasSurrogates(s);
        int a = surrogates ? ToUtf16Index(s, start) : start;
        int b = surrogates ? ToUtf16Index(s, end) : end;
        if (b - a < sub.Length) return -1;
        int idx = reverse
            ? (sub.Length == 0 ? b : s.LastIndexOf(sub, b - 1, b - a, StringComparison.Ordinal))
            : s.IndexOf(sub, a, b - a, StringComparison.Ordinal);
        if (idx < 0) return -1;
        return surrogates ? ToCodePointIndex(s, idx) : idx;
    }

    /// <summary>Python <c>str.count(sub)</c> (non-overlapping).</summary>
    public static int Count(string s, string sub)
    {
        if (sub.Length == 0) return Length(s) + 1;
        int count = 0;
        int pos = 0;
        while (true)
        {
            int idx = s.IndexOf(sub, pos, StringComparison.Ordinal);
            if (idx < 0) return count;
            count++;
            pos = idx + sub.Length;
        }
    }

    /// <summary>Python <c>str.replace(old, new, count)</c>.</summary>
    public static string Replace(string s, string oldValue, string newValue, long count, long maxLength)
    {
        if (newValue.Length > oldValue.Length)
        {
            // Refuse before building: replacing 'x' by a long text in a long string could exhaust memory.
            long occurrences = Math.Min(Count(s, oldValue), count < 0 ? long.MaxValue : count);
            PyOps.CheckLength(s.Length + occurrences * (newValue.Length - oldValue.Length), maxLength);
        }
        if (count < 0 && oldValue.Length > 0) return s.Replace(oldValue, newValue, StringComparison.Ordinal);
        var sb = new StringBuilder();
        if (oldValue.Length == 0)
        {
            // Python inserts the replacement before every character and at the end.
            var chars = Chars(s);
            long done = 0;
            for (int i = 0; i <= chars.Count; i++)
            {
                if (count < 0 || done < count)
                {
                    sb.Append(newValue);
                    done++;
                }
                if (i < chars.Count) sb.Append(chars[i]);
            }
            return sb.ToString();
        }
        int pos = 0;
        long replaced = 0;
        while (replaced < count)
        {
            int idx = s.IndexOf(oldValue, pos, StringComparison.Ordinal);
            if (idx < 0) break;
            sb.Append(s, pos, idx - pos).Append(newValue);
            pos = idx + oldValue.Length;
            replaced++;
        }
        sb.Append(s, pos, s.Length - pos);
        return sb.ToString();
    }
}
