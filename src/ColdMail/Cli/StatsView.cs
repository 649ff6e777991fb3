using ColdMail.Logs;

namespace ColdMail.Cli;

/// <summary>The JSON shape of <c>coldmail stats --json</c>.</summary>
internal sealed record StatsView(
    string? Domain,
    string? Mailbox,
    string Interval,
    DateTimeOffset Since,
    DateTimeOffset Until,
    IReadOnlyList<StatsView.Row> Rows,
    StatsView.Row Total)
{
    public static StatsView From(SendStatisticsReport report) => new(
        report.Domain,
        report.Mailbox,
        report.Interval == StatisticsInterval.Hour ? "hour" : "day",
        report.Since,
        report.Until,
        [.. report.Rows.Select(Row.From)],
        Row.From(report.Total));

    internal sealed record Row(
        DateTimeOffset Start,
        long Accepted,
        long Rejected,
        long Delivered,
        long Deferred,
        long Bounced,
        Bounces BouncedBy,
        long Expired,
        double? DeliveryRate,
        double? BounceRate,
        double? DeferralRate,
        double? RejectionRate)
    {
        public static Row From(SendStatisticsRow row) => new(
            row.Start,
            row.Accepted,
            row.Rejected,
            row.Delivered,
            row.Deferred,
            row.Bounced,
            new Bounces(row.BouncedRecipient, row.BouncedSender, row.BouncedOther),
            row.Expired,
            row.DeliveryRate,
            row.BounceRate,
            row.DeferralRate,
            row.RejectionRate);
    }

    internal sealed record Bounces(long Recipient, long Sender, long Other);
}
