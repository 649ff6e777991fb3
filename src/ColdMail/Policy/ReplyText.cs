using System.Text;

namespace ColdMail.Policy;

/// <summary>
/// Makes text from the database or the client safe to place in a reply line: RFC 5321 §4.2 allows
/// only printable ASCII and tab there, and a CR or LF would let a stored value forge another reply
/// line.
/// </summary>
internal static class ReplyText
{
    public const int DefaultMaxLength = 200;

    public static string Clean(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text)
        {
            if (builder.Length == maxLength)
            {
                builder.Length = maxLength - 3;
                builder.Append("...");
                break;
            }
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return builder.ToString().Trim();
    }

    /// <summary>
    /// A stored reason (a pause, a suppression) for a reply, or a plain note when none was given.
    /// </summary>
    public static string Reason(string? reason)
        => string.IsNullOrWhiteSpace(reason) ? "no reason given" : Clean(reason, 120);

    /// <summary>A wait in whole minutes, rounded up, as a person reads it.</summary>
    public static string Minutes(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return minutes == 1 ? "1 minute" : $"{minutes} minutes";
    }
}
