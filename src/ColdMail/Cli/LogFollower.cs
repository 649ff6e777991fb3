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
    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(
        CliContext context,
        EmailLogQuery log,
        EmailLogFollower follower,
        Workspace workspace,
        EmailLogFilter filter,
        int limit,
        CancellationToken cancellationToken)
    {
        try
        {
            // Read before the first page, so that nothing written in between falls below the mark.
            var floor = await follower.NowAsync(workspace, cancellationToken);
            var recent = await log.NewestAsync(workspace, filter, beforeId: null, limit, cancellationToken);
            if (!context.Json)
            {
                context.Out.WriteLine(LogEntryView.FixedRow(LogEntryView.Headers));
            }
            await PrintAsync(context, recent.Reverse(), cancellationToken);

            var after = Math.Max(floor, recent.Count > 0 ? recent[0].Id : 0);
            await foreach (var batch in follower.FollowAsync(workspace, filter, after, cancellationToken))
            {
                await PrintAsync(context, batch, cancellationToken);
            }
            return 0;
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
