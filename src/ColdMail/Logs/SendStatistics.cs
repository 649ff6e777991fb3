using System.Globalization;
using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Logs;

/// <summary>
/// Counts what the email log recorded for a workspace, a domain or a mailbox, per UTC hour or day. The log
/// is read once, oldest first, keeping only the counters of each interval in memory.
/// </summary>
public sealed class SendStatistics(ColdMailDatabase database, TimeProvider time)
{
    // Two months of hours or seven years of days: a table a person can read and a chart that still means
    // something; longer periods are asked for in pieces.
    public const int MaxIntervals = 2600;

    private static readonly string[] CountedEvents =
    [
        EmailEvents.Received,
        EmailEvents.Rejected,
        EmailEvents.Delivered,
        EmailEvents.Deferred,
        EmailEvents.Bounced,
        EmailEvents.Expired,
    ];

    /// <summary>Without <paramref name="since"/>: the last 24 hours by hour, the last 30 days by day.</summary>
    public async Task<SendStatisticsReport> ComputeAsync(
        Workspace workspace,
        string? domain,
        string? mailbox,
        StatisticsInterval interval,
        DateTimeOffset? since,
        CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow();
        var width = interval == StatisticsInterval.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var from = Align((since ?? until - (interval == StatisticsInterval.Hour ? width * 24 : width * 30))
            .ToUniversalTime(), width);
        if (from > until)
        {
            throw ResourceException.Invalid("The start of the statistics is in the future.");
        }
        var count = (int)Math.Min(int.MaxValue, ((until - from).Ticks / width.Ticks) + 1);
        if (count > MaxIntervals)
        {
            throw ResourceException.Invalid(
                $"That period has {count.ToString(CultureInfo.InvariantCulture)} intervals; at most " +
                $"{MaxIntervals.ToString(CultureInfo.InvariantCulture)} are shown: give a later --since or --by day.");
        }

        var tallies = new StatisticsTally[count];
        for (var i = 0; i < count; i++)
        {
            tallies[i] = new StatisticsTally();
        }
        // Limitation: statistics are counted from the log on each call; periods of millions of entries
        // take seconds until a roll-up table keeps hourly counts as entries are written.
        await using var db = database.CreateContext();
        var filter = new EmailLogFilter(domain, mailbox, Since: from, Until: until.AddTicks(1));
        var query = await EmailLogQuery.FilterAsync(db, workspace, filter, cancellationToken);
        var rows = query.Where(l => CountedEvents.Contains(l.Event))
            .Select(l => new { l.At, l.Event, l.Code, l.EnhancedCode })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var index = (int)((row.At.ToUniversalTime() - from).Ticks / width.Ticks);
            tallies[index].Count(row.Event, row.Code, row.EnhancedCode);
        }

        var total = new StatisticsTally();
        var result = new SendStatisticsRow[count];
        for (var i = 0; i < count; i++)
        {
            total.Add(tallies[i]);
            result[i] = tallies[i].ToRow(from + (width * i));
        }
        return new SendStatisticsReport(domain, mailbox, interval, from, until, result, total.ToRow(from));
    }

    private static DateTimeOffset Align(DateTimeOffset moment, TimeSpan width)
        => new(moment.UtcTicks - (moment.UtcTicks % width.Ticks), TimeSpan.Zero);
}
