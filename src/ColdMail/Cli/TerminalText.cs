using System.Globalization;

namespace ColdMail.Cli;

/// <summary>
/// Makes text that came from outside (reply texts of remote servers, addresses typed by clients) safe to
/// print in a terminal and in one table cell: control characters could move the cursor or fake lines.
/// </summary>
internal static class TerminalText
{
    public static string? Clean(string? text)
    {
        if (text is null || !text.Any(char.IsControl))
        {
            return text;
        }
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is '\t' or '\r' or '\n' ? ' ' : char.IsControl(c) ? '?' : c;
            }
        });
    }

    /// <summary>A moment as printed in tables: UTC, to the second.</summary>
    public static string Time(DateTimeOffset at)
        => at.UtcDateTime.ToString("u", CultureInfo.InvariantCulture);

    /// <summary>A moment as printed in logs, where the order within a second matters.</summary>
    public static string LogTime(DateTimeOffset at)
        => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "-";

    public static string YesNo(bool value) => value ? "yes" : "no";
}
