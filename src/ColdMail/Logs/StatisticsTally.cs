namespace ColdMail.Logs;

/// <summary>The running counts of one interval while the log is read.</summary>
internal sealed class StatisticsTally
{
    public long Accepted { get; set; }

    public long Rejected { get; set; }

    public long Delivered { get; set; }

    public long Deferred { get; set; }

    public long BouncedRecipient { get; set; }

    public long BouncedSender { get; set; }

    public long BouncedOther { get; set; }

    public long Expired { get; set; }

    public void Count(string @event, int? code, string? enhancedCode)
    {
        switch (@event)
        {
            case EmailEvents.Received:
                Accepted++;
                break;
            case EmailEvents.Rejected:
                Rejected++;
                break;
            case EmailEvents.Delivered:
                Delivered++;
                break;
            case EmailEvents.Deferred:
                Deferred++;
                break;
            case EmailEvents.Expired:
                Expired++;
                break;
            case EmailEvents.Bounced:
                CountBounce(BounceKinds.FromCodes(code, enhancedCode));
                break;
        }
    }

    public void Add(StatisticsTally other)
    {
        Accepted += other.Accepted;
        Rejected += other.Rejected;
        Delivered += other.Delivered;
        Deferred += other.Deferred;
        BouncedRecipient += other.BouncedRecipient;
        BouncedSender += other.BouncedSender;
        BouncedOther += other.BouncedOther;
        Expired += other.Expired;
    }

    public SendStatisticsRow ToRow(DateTimeOffset start) => new(
        start, Accepted, Rejected, Delivered, Deferred, BouncedRecipient, BouncedSender, BouncedOther, Expired);

    private void CountBounce(BounceKind kind)
    {
        switch (kind)
        {
            case BounceKind.Recipient:
                BouncedRecipient++;
                break;
            case BounceKind.Sender:
                BouncedSender++;
                break;
            default:
                BouncedOther++;
                break;
        }
    }
}
