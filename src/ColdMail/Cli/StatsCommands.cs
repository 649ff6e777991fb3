using System.CommandLine;
using System.Globalization;
using ColdMail.Logs;

namespace ColdMail.Cli;

/// <summary><c>coldmail stats</c>: accepted, delivered, deferred, bounced and rejected over time.</summary>
internal static class StatsCommands
{
    private const int BarWidth = 20;

    private static readonly IReadOnlyList<string> Headers =
    [
        "START", "ACCEPTED", "REJECTED", "DELIVERED", "DEFERRED", "BOUNCED", "RCPT/SNDR/OTHER", "BOUNCE%",
        "CHART (ACCEPTED)",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var domain = new Option<string?>("--domain") { Description = "Only this sending domain." };
        var mailbox = new Option<string?>("--mailbox") { Description = "Only this mailbox." };
        var by = new Option<string>("--by")
        {
            Description = "One row per UTC hour or per UTC day.",
            DefaultValueFactory = _ => "hour",
        };
        by.AcceptOnlyFromAmong("hour", "day");
        var since = new Option<string?>("--since")
        {
            Description = "From this time: ISO 8601 or an age such as 12h, 7d; by default 24h by hour, 30d by day.",
        };
        var command = new Command("stats", "Show sending statistics per hour or per day, with a small chart.")
        {
            domain,
            mailbox,
            by,
            since,
        };
        command.SetHandler(environment, async (context, ct) =>
        {
            var workspace = await context.WorkspaceAsync(ct);
            var time = await context.GetAsync<TimeProvider>(ct);
            var statistics = await context.GetAsync<SendStatistics>(ct);
            var interval = context.GetValue(by) == "day" ? StatisticsInterval.Day : StatisticsInterval.Hour;
            var from = context.GetValue(since) is { } text
                ? TimeBound.Parse(text, time.GetUtcNow())
                : (DateTimeOffset?)null;

            var report = await statistics.ComputeAsync(
                workspace, context.GetValue(domain), context.GetValue(mailbox), interval, from, ct);
            if (context.Json)
            {
                context.WriteJson(StatsView.From(report));
                return 0;
            }
            var max = report.Rows.Count == 0 ? 0 : report.Rows.Max(r => r.Accepted);
            var rows = report.Rows
                .Select(r => Cells(r, Start(r.Start, interval), TextBar.Draw(r.Accepted, max, BarWidth)))
                .Append(Cells(report.Total, "total", ""));
            context.WriteTable(Headers, rows);
            return 0;
        });
        return command;
    }

    private static string Start(DateTimeOffset start, StatisticsInterval interval)
        => start.UtcDateTime.ToString(
            interval == StatisticsInterval.Hour ? "yyyy-MM-dd HH:00'Z'" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string?[] Cells(SendStatisticsRow row, string start, string bar) =>
    [
        start,
        Number(row.Accepted),
        Number(row.Rejected),
        Number(row.Delivered),
        Number(row.Deferred),
        Number(row.Bounced),
        $"{Number(row.BouncedRecipient)}/{Number(row.BouncedSender)}/{Number(row.BouncedOther)}",
        row.BounceRate is { } rate ? rate.ToString("P1", CultureInfo.InvariantCulture).Replace(" ", "") : "-",
        bar,
    ];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
