namespace ColdMail.Delivery;

/// <summary>What a message to a return path turned out to be.</summary>
/// <param name="IsReport">It carries a delivery-status part (RFC 3464 §2), whatever it reports.</param>
/// <param name="Bounced">Recipients it turned from Delivered to Bounced.</param>
public readonly record struct BounceReportResult(bool IsReport, int Bounced)
{
    public static readonly BounceReportResult NotReport = new(IsReport: false, Bounced: 0);
}
