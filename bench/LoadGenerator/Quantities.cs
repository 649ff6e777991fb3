using System.Globalization;

namespace ColdMail.Bench;

/// <summary>Reads the sizes and durations people type: "5k", "50KB", "120s", "2m".</summary>
internal static class Quantities
{
    public static int ParseSize(string text)
    {
        var t = text.Trim().ToLowerInvariant().TrimEnd('b');
        var factor = t.EndsWith('k') ? 1024 : t.EndsWith('m') ? 1024 * 1024 : 1;
        var digits = factor == 1 ? t : t[..^1];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new FormatException($"'{text}' is not a size such as 5120, 5k or 50KB.");
        }
        return value <= int.MaxValue / factor
            ? value * factor
            : throw new FormatException($"'{text}' is larger than this generator can send.");
    }

    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var (digits, unit) = t.EndsWith("ms") ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0)
            : t.EndsWith('m') ? (t[..^1], 60.0)
            : t.EndsWith('h') ? (t[..^1], 3600.0)
            : (t, 1.0);
        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < 0)
        {
            throw new FormatException($"'{text}' is not a duration such as 120s, 2m or 500ms.");
        }
        return TimeSpan.FromSeconds(value * unit);
    }
}
