using System.Globalization;
using ColdMail.Common;

namespace ColdMail.Logs;

/// <summary>
/// Reads a moment as people give it on a command line or in a query string: ISO 8601
/// (<c>2026-03-01T12:00:00Z</c>, a date alone meaning its UTC midnight) or an age such as <c>30m</c>,
/// <c>1h</c>, <c>2d</c> counted back from now.
/// </summary>
public static class TimeBound
{
    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        var trimmed = text.Trim();
        if (TryParseAge(trimmed, out var age))
        {
            return now - age;
        }
        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
        {
            return moment;
        }
        throw ResourceException.Invalid(
            $"'{text}' is not a time: give an ISO 8601 moment such as 2026-03-01T12:00:00Z " +
            "or an age such as 45s, 30m, 1h, 2d or 1w.");
    }

    private static bool TryParseAge(string text, out TimeSpan age)
    {
        age = default;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None,
                CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }
        var unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => TimeSpan.Zero,
        };
        // Ten thousand years back is before any log entry and still far from overflowing.
        if (unit == TimeSpan.Zero || count > TimeSpan.FromDays(3_650_000).Ticks / unit.Ticks)
        {
            return false;
        }
        age = unit * count;
        return true;
    }
}
