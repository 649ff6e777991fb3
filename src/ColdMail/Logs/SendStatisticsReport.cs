namespace ColdMail.Logs;

/// <summary>Statistics over a period: one row per interval, oldest first, empty intervals included.</summary>
public sealed record SendStatisticsReport(
    string? Domain,
    string? Mailbox,
    StatisticsInterval Interval,
    DateTimeOffset Since,
    DateTimeOffset Until,
    IReadOnlyList<SendStatisticsRow> Rows,
    SendStatisticsRow Total);
