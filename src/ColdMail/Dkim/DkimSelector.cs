using System.Globalization;

namespace ColdMail.Dkim;

/// <summary>Selectors named after the month a key was made (<c>cm202612</c>), unique within a domain.</summary>
public static class DkimSelector
{
    private const string Prefix = "cm";

    public static string Next(DateTimeOffset now, IReadOnlyCollection<string> taken)
    {
        var stem = Prefix + now.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);
        if (!taken.Contains(stem, StringComparer.OrdinalIgnoreCase))
        {
            return stem;
        }
        // A second key in one month: cm202612b, cm202612c, … then numbers, never a clash.
        for (var suffix = 1; ; suffix++)
        {
            var candidate = suffix < 26 ? stem + (char)('a' + suffix) : stem + "-" + suffix;
            if (!taken.Contains(candidate, StringComparer.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }
    }
}
