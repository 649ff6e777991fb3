namespace ColdMail.Logs;

/// <summary>
/// What happened in one interval. Accepted counts messages (one <c>received</c> entry each), rejected counts
/// refused submissions; delivered, deferred, bounced and expired count recipients.
/// </summary>
public sealed record SendStatisticsRow(
    DateTimeOffset Start,
    long Accepted,
    long Rejected,
    long Delivered,
    long Deferred,
    long BouncedRecipient,
    long BouncedSender,
    long BouncedOther,
    long Expired)
{
    public long Bounced => BouncedRecipient + BouncedSender + BouncedOther;

    /// <summary>Delivered among recipients that reached an end: delivered, bounced or expired.</summary>
    public double? DeliveryRate => Rate(Delivered, Delivered + Bounced + Expired);

    /// <summary>Bounced among recipients that reached an end; the figure a domain's pause threshold watches.</summary>
    public double? BounceRate => Rate(Bounced, Delivered + Bounced + Expired);

    /// <summary>Deferrals per attempt that got an answer: how often receivers say "later".</summary>
    public double? DeferralRate => Rate(Deferred, Delivered + Bounced + Deferred);

    /// <summary>Refused submissions among all submissions that got a final answer.</summary>
    public double? RejectionRate => Rate(Rejected, Accepted + Rejected);

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
