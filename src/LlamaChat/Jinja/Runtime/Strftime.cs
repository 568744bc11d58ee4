using System.Globalization;
using System.Text;

namespace LlamaChat.Jinja.Runtime;

/// <summary>
/// Python's <c>datetime.strftime</c> for a naive local time, as glibc formats it in the C locale
/// (including the glibc flags <c>-</c>, <c>_</c>, <c>0</c>, <c>^</c>, <c>#</c>, e.g. <c>%-d</c>).
/// </summary>
internal static class Strftime
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Format(DateTime t, string format)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }
            i++;
            char flag = '\0';
            if (format[i] is '-' or '_' or '0' or '^' or '#' && i + 1 < format.Length)
            {
                flag = format[i];
                i++;
            }
            int width = -1;
            while (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                width = Math.Max(0, width) * 10 + (format[i] - '0');
                i++;
            }
            if (i >= format.Length)
            {
                sb.Append('%');
                break;
            }
            char code = format[i];
            string? text = Convert(t, code, flag, width);
            if (text is null)
            {
                // glibc prints unknown conversions verbatim
                sb.Append('%').Append(code);
                continue;
            }
            if (flag == '^') text = text.ToUpperInvariant();
            else if (flag == '#') text = code is 'p' ? text.ToLowerInvariant() : text.ToUpperInvariant();
            sb.Append(text);
        }
        return sb.ToString();
    }

    private static string? Convert(DateTime t, char code, char flag, int width)
    {
        string Num(long value, int defaultWidth, char defaultPad = '0')
        {
            int w = width >= 0 ? width : defaultWidth;
            string digits = value.ToString(CultureInfo.InvariantCulture);
            return flag switch
            {
                '-' => digits,
                '_' => digits.PadLeft(w, ' '),
                '0' => digits.PadLeft(w, '0'),
                _ => digits.PadLeft(w, defaultPad),
            };
        }
        int hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        return code switch
        {
            'a' => Days[(int)t.DayOfWeek][..3],
            'A' => Days[(int)t.DayOfWeek],
            'b' or 'h' => Months[t.Month - 1][..3],
            'B' => Months[t.Month - 1],
            'c' => $"{Days[(int)t.DayOfWeek][..3]} {Months[t.Month - 1][..3]} {t.Day,2} {t:HH:mm:ss} {t.Year}",
            'C' => Num(t.Year / 100, 2),
            'd' => Num(t.Day, 2),
            'D' => t.ToString("MM/dd/yy", CultureInfo.InvariantCulture),
            'e' => Num(t.Day, 2, ' '),
            'f' => Num(t.Ticks % TimeSpan.TicksPerSecond / 10, 6),
            'F' => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            'G' => Num(ISOWeek.GetYear(t), 4),
            'g' => Num(ISOWeek.GetYear(t) % 100, 2),
            'H' => Num(t.Hour, 2),
            'I' => Num(hour12, 2),
            'j' => Num(t.DayOfYear, 3),
            'k' => Num(t.Hour, 2, ' '),
            'l' => Num(hour12, 2, ' '),
            'm' => Num(t.Month, 2),
            'M' => Num(t.Minute, 2),
            'n' => "\n",
            'p' => t.Hour < 12 ? "AM" : "PM",
            'P' => t.Hour < 12 ? "am" : "pm",
            'r' => $"{hour12:00}:{t.Minute:00}:{t.Second:00} {(t.Hour < 12 ? "AM" : "PM")}",
            'R' => t.ToString("HH:mm", CultureInfo.InvariantCulture),
            's' => new DateTimeOffset(t).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            'S' => Num(t.Second, 2),
            't' => "\t",
            'T' => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            'u' => Num(t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek, 1),
            'U' => Num((t.DayOfYear + 6 - (int)t.DayOfWeek) / 7, 2),
            'V' => Num(ISOWeek.GetWeekOfYear(t), 2),
            'w' => Num((int)t.DayOfWeek, 1),
            'W' => Num((t.DayOfYear + 6 - ((int)t.DayOfWeek + 6) % 7) / 7, 2),
            'x' => t.ToString("MM/dd/yy", CultureInfo.InvariantCulture),
            'X' => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            'y' => Num(t.Year % 100, 2),
            'Y' => Num(t.Year, 1),
            'z' or 'Z' => "",
            '%' => "%",
            _ => null,
        };
    }
}
