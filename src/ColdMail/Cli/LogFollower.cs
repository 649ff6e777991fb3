using System.Text.Encodings.Web;
using System.Text.Json;
using ColdMail.Logs;
using ColdMail.Storage.Entities;

namespace ColdMail.Cli;

/// <summary>
/// <c>coldmail logs --follow</c>: prints the latest matching entries oldest first, then each new one as it
/// is written, until cancelled. With <c>--json</c> every entry is one compact JSON object on its own line.
/// </summary>
internal static class LogFollower
{
    // New entries show up within half a second, at the cost of two small indexed queries a second.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(
        CliContext context,
        EmailLogQuery log,
        Workspace workspace,
        EmailLogFilter filter,
        int limit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        try
        {
            // Read before the first page, so that nothing written in between falls below the mark.
            var floor = await log.LatestIdAsync(workspace, cancellationToken);
            var recent = await log.NewestAsync(workspace, filter, beforeId: null, limit, cancellationToken);
            if (!context.Json)
            {
                context.Out.WriteLine(LogEntryView.FixedRow(LogEntryView.Headers));
            }
            await PrintAsync(context, recent.Reverse(), cancellationToken);

            // Limitation: on PostgreSQL two writers may commit ids out of order, so an entry committed just
            // after a higher id was printed is skipped; SQLite has one writer and cannot do this.
            var after = Math.Max(floor, recent.Count > 0 ? recent[0].Id : 0);
            while (true)
            {
                var batch = await log.AfterAsync(
                    workspace, filter, after, EmailLogQuery.MaxLimit, cancellationToken);
                await PrintAsync(context, batch, cancellationToken);
                if (batch.Count > 0)
                {
                    after = batch[^1].Id;
                }
                if (batch.Count < EmailLogQuery.MaxLimit)
                {
                    await Task.Delay(PollInterval, time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is how following ends; what was printed is complete.
            return 0;
        }
    }

    private static async Task PrintAsync(
        CliContext context,
        IEnumerable<EmailLogEntry> entries,
        CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            context.Out.WriteLine(context.Json
                ? JsonSerializer.Serialize(LogEntryView.From(entry), JsonLines)
                : LogEntryView.FixedRow(LogEntryView.Cells(entry)));
        }
        await context.Out.FlushAsync(cancellationToken);
    }
}
