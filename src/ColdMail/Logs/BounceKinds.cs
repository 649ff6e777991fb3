namespace ColdMail.Logs;

/// <summary>
/// Reads the class of a bounce from the enhanced status code the log entry carries (RFC 3463), the same
/// reading the delivery classifier makes, so a log entry alone is enough to count it.
/// </summary>
public static class BounceKinds
{
    public static string Name(BounceKind kind) => kind switch
    {
        BounceKind.Recipient => "recipient",
        BounceKind.Sender => "sender",
        _ => "other",
    };

    public static BounceKind FromCodes(int? code, string? enhancedCode)
    {
        if (!TryParse(enhancedCode, out var subject, out var detail))
        {
            // RFC 5321 §4.2.3: 550, 551 and 553 speak of the mailbox; without an enhanced code nothing more.
            return code is 550 or 551 or 553 ? BounceKind.Recipient : BounceKind.Other;
        }
        return (subject, detail) switch
        {
            // X.1.7 and X.1.8 name the originator's address (RFC 3463 §3.2).
            (1, 7) or (1, 8) => BounceKind.Sender,
            // X.1.x: the destination address (RFC 3463 §3.2); X.2.1: the mailbox is disabled (§3.3).
            (1, _) or (2, 1) => BounceKind.Recipient,
            // X.7.x: security or policy (RFC 3463 §3.8).
            (7, _) => BounceKind.Sender,
            _ => BounceKind.Other,
        };
    }

    private static bool TryParse(string? enhancedCode, out int subject, out int detail)
    {
        subject = 0;
        detail = 0;
        if (enhancedCode is null)
        {
            return false;
        }
        var parts = enhancedCode.Trim().Split('.');
        return parts.Length == 3
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out subject)
            && int.TryParse(parts[2], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out detail);
    }
}
