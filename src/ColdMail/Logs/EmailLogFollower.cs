using System.Runtime.CompilerServices;
using ColdMail.Storage.Entities;

namespace ColdMail.Logs;

/// <summary>
/// Follows a workspace's email log as it grows: each poll reads the matching entries written since the
/// last one, oldest first. <c>coldmail logs --follow</c> and the live stream of the HTTP API both read
/// through it. It polls the database rather than listening in-process, because entries are also written
/// by admin verbs and, on PostgreSQL, by other nodes.
/// </summary>
public sealed class EmailLogFollower(EmailLogQuery log, TimeProvider time)
{
    // New entries show up within half a second, at the cost of two small indexed queries a second.
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The mark to follow from when only entries written from now on are wanted.</summary>
    public Task<long> NowAsync(Workspace workspace, CancellationToken cancellationToken)
        => log.LatestIdAsync(workspace, cancellationToken);

    /// <summary>
    /// The matching entries with ids above <paramref name="afterId"/>, one batch per poll, until cancelled.
    /// A poll that finds nothing yields an empty batch, so the reader may do its own work between polls
    /// (such as a heartbeat) without a second timer.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<EmailLogEntry>> FollowAsync(
        Workspace workspace,
        EmailLogFilter filter,
        long afterId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Limitation: on PostgreSQL two writers may commit ids out of order, so an entry committed just
        // after a higher id was read is skipped; SQLite has one writer and cannot do this.
        var after = afterId;
        while (true)
        {
            var batch = await log.AfterAsync(workspace, filter, after, EmailLogQuery.MaxLimit, cancellationToken);
            if (batch.Count > 0)
            {
                after = batch[^1].Id;
            }
            yield return batch;
            // A full batch means more are waiting: read on at once instead of falling behind.
            if (batch.Count < EmailLogQuery.MaxLimit)
            {
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
    }
}
