namespace ColdMail.Delivery;

/// <summary>
/// Decides who a permanent failure is about, by stage and by the enhanced status code (RFC 3463);
/// never by the reply text, which servers word as they please.
/// </summary>
public static class BounceClassifier
{
    public static BounceClass Classify(AttemptResult result)
    {
        // A refused MAIL FROM or session says nothing about any recipient.
        if (result.Stage is DeliveryStage.MailFrom or DeliveryStage.Session or DeliveryStage.Connect)
        {
            return BounceClass.Sender;
        }
        if (result.EnhancedCode is { } enhanced)
        {
            return ByEnhancedCode(enhanced, result.Stage);
        }
        return ByBasicCode(result.Code, result.Stage);
    }

    private static BounceClass ByEnhancedCode(string enhanced, DeliveryStage stage)
    {
        var parts = enhanced.Split('.');
        var subject = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var detail = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        return (subject, detail) switch
        {
            // X.1.7 and X.1.8 are about the originator's address (RFC 3463 §3.2).
            (1, 7) or (1, 8) => BounceClass.Sender,
            // X.1.x: the destination address is wrong, its system does not exist, or its domain
            // takes no mail (X.1.10, RFC 7505 §4.2); a stage before RCPT cannot blame an address.
            (1, _) => stage is DeliveryStage.RcptTo or DeliveryStage.Routing or DeliveryStage.Data
                ? BounceClass.Recipient
                : BounceClass.Sender,
            // X.2.1: the mailbox is disabled and not accepting messages (RFC 3463 §3.3).
            (2, 1) => BounceClass.Recipient,
            // X.7.x: security or policy, which covers blocklists, authentication and reputation (§3.8).
            (7, _) => BounceClass.Sender,
            _ => BounceClass.Other,
        };
    }

    /// <summary>For servers without enhanced codes (RFC 5321 §4.2.3 replies only).</summary>
    private static BounceClass ByBasicCode(int? code, DeliveryStage stage) => (code, stage) switch
    {
        // 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed (RFC 5321 §4.2.3):
        // at RCPT each answers for that one address.
        (550 or 551 or 553, DeliveryStage.RcptTo) => BounceClass.Recipient,
        // 554 at RCPT or after the data is the catch-all "transaction failed", most often policy.
        (554, _) => BounceClass.Sender,
        _ => BounceClass.Other,
    };
}
