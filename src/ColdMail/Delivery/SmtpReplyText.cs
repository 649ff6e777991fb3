namespace ColdMail.Delivery;

/// <summary>Reads the parts of a remote server's reply text that delivery acts on.</summary>
public static class SmtpReplyText
{
    /// <summary>Reply text is kept for people to read; a hostile server must not fill the log with it.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>
    /// Separates an enhanced status code (RFC 3463 §2, sent as RFC 2034 §4 describes) from the text.
    /// A code whose class disagrees with the basic code is ignored: the basic code decides (RFC 3463 §2).
    /// </summary>
    public static (string? Enhanced, string Text) Split(int code, string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var first = lines.Length == 0 ? string.Empty : FirstWord(lines[0]);
        if (!IsEnhancedCode(first) || first[0] - '0' != code / 100)
        {
            return (null, Clean(string.Join(' ', lines)));
        }
        // Each line of a multi-line reply repeats the code (RFC 2034 §4); the text reads better without.
        var words = lines.Select(l => FirstWord(l) == first ? l[first.Length..].TrimStart() : l);
        return (first, Clean(string.Join(' ', words)));
    }

    private static string FirstWord(string line)
    {
        var end = line.IndexOfAny([' ', '\t']);
        return end < 0 ? line : line[..end];
    }

    /// <summary>class "." subject "." detail: class 2, 4 or 5; subject 0–999; detail 0–999.</summary>
    public static bool IsEnhancedCode(ReadOnlySpan<char> text)
    {
        if (text.Length < 5 || text[0] is not ('2' or '4' or '5') || text[1] != '.')
        {
            return false;
        }
        var rest = text[2..];
        var dot = rest.IndexOf('.');
        return dot is >= 1 and <= 3 && rest.Length - dot - 1 is >= 1 and <= 3
            && IsDigits(rest[..dot]) && IsDigits(rest[(dot + 1)..]);
    }

    /// <summary>Control characters out, length capped: the text is shown in logs and pages.</summary>
    public static string Clean(string text)
    {
        var cleaned = string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
        return cleaned.Length <= MaxTextLength ? cleaned : cleaned[..MaxTextLength] + "…";
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
