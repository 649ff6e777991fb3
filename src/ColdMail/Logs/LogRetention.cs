using ColdMail.Configuration;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdMail.Logs;

/// <summary>
/// Removes what retention no longer keeps: log entries older than <c>ColdMail:Logs:RetentionDays</c>, and
/// messages (body and recipients with them) whose recipients all reached a final state before that, then the
/// body files that no message points into.
/// Work is cut into small transactions with a pause between them, so writers are never held up for long.
/// </summary>
public sealed partial class LogRetention(
    ColdMailDatabase database,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<LogRetention> logger)
{
    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Logs;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(settings.RetentionDays);
        var batch = settings.PurgeBatchSize;

        long entries = 0;
        long messages = 0;
        foreach (var workspace in await WorkspaceIdsAsync(cancellationToken))
        {
            entries += await RepeatAsync(
                () => DeleteEntriesAsync(workspace, cutoff, batch, cancellationToken), batch, cancellationToken);
            messages += await RepeatAsync(
                () => DeleteMessagesAsync(workspace, cutoff, batch, cancellationToken), batch, cancellationToken);
        }

        var bodyFiles = await DeleteUnusedBodyFilesAsync(cancellationToken);

        LogPurged(logger, entries, messages, bodyFiles, cutoff);
        return new PurgeResult(entries, messages, bodyFiles);
    }

    private async Task<long> RepeatAsync(Func<Task<int>> deleteBatch, int batch, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var deleted = await deleteBatch();
            total += deleted;
            if (deleted < batch)
            {
                return total;
            }
            await PauseAsync(cancellationToken);
        }
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        var pause = options.Value.Logs.PurgePauseMilliseconds;
        if (pause == 0)
        {
            await Task.Yield();
            return;
        }
        await Task.Delay(TimeSpan.FromMilliseconds(pause), time, cancellationToken);
    }

    private async Task<List<Guid>> WorkspaceIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Workspaces.AsNoTracking().Select(w => w.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One batch of the oldest entries of one workspace, through the workspace-and-time index. The permit
    /// lives only inside this transaction: the triggers let the DELETE through, and no one else sees it.
    /// </summary>
    private async Task<int> DeleteEntriesAsync(
        Guid workspace,
        DateTimeOffset cutoff,
        int batch,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(AppendOnlyEmailLog.InsertPermitSql, cancellationToken);
        var deleted = await db.EmailLog
            .Where(l => l.WorkspaceId == workspace && l.At < cutoff)
            .OrderBy(l => l.At)
            .Take(batch)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(AppendOnlyEmailLog.RemovePermitSql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>
    /// One batch of finished messages: every recipient delivered, bounced or expired, the last of them
    /// before the cut-off. Their bodies and recipients go with them by the foreign keys' cascade.
    /// </summary>
    private async Task<int> DeleteMessagesAsync(
        Guid workspace,
        DateTimeOffset cutoff,
        int batch,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Messages
            .Where(m => m.WorkspaceId == workspace && m.ReceivedAt < cutoff
                && m.Recipients.All(r => (r.State == RecipientState.Delivered
                        || r.State == RecipientState.Bounced
                        || r.State == RecipientState.Expired)
                    && r.UpdatedAt < cutoff))
            .OrderBy(m => m.ReceivedAt)
            .Take(batch)
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The body file segments that no message points into any more. The stored segments are read before the
    /// files are listed, and a file written to in the last hour is kept, so a body whose message is still being
    /// committed is never taken.
    /// </summary>
    private async Task<int> DeleteUnusedBodyFilesAsync(CancellationToken cancellationToken)
    {
        if (database.Bodies is not { } files)
        {
            return 0;
        }
        await using var db = database.CreateContext();
        var referenced = await db.Messages.AsNoTracking()
            .Where(m => m.BodySegment != null)
            .Select(m => m.BodySegment!.Value)
            .Distinct()
            .ToListAsync(cancellationToken);
        return files.DeleteUnreferenced(referenced.ToHashSet(), TimeSpan.FromHours(1));
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "Retention purge removed {Entries} log entries, {Messages} finished messages and {BodyFiles} "
            + "body files older than {Cutoff}")]
    private static partial void LogPurged(
        ILogger logger,
        long entries,
        long messages,
        int bodyFiles,
        DateTimeOffset cutoff);
}
