namespace ColdMail.Smtp;

/// <summary>
/// The one place that makes a client line safe to log: AUTH initial responses and the lines that
/// answer an AUTH challenge carry credentials, so they become "***".
/// </summary>
public static class SmtpRedaction
{
    public const string Mask = "***";

    /// <param name="line">The line as received, without CRLF.</param>
    /// <param name="answersChallenge">The line answers a 334 challenge, so all of it is secret.</param>
    public static string ForLog(string line, bool answersChallenge)
    {
        if (answersChallenge)
        {
            return line == "*" ? line : Mask;
        }
        var trimmed = line.AsSpan().TrimStart(' ');
        if (!trimmed.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase))
        {
            return line;
        }
        // Keep "AUTH MECHANISM", hide whatever follows it.
        var afterVerb = trimmed[5..].TrimStart(' ');
        var space = afterVerb.IndexOf(' ');
        if (space < 0)
        {
            return line;
        }
        return string.Concat("AUTH ", afterVerb[..space], " ", Mask);
    }
}
