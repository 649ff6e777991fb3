using ColdMail.Storage;
using ColdMail.Storage.Entities;

namespace ColdMail.Queue;

/// <summary>
/// A delivery worker's claim on due recipients, made in the shared writer's transaction on SQLite.
/// </summary>
internal sealed class LeaseWrite(
    string owner,
    int limit,
    DateTimeOffset now,
    DateTimeOffset until,
    CancellationToken requestAborted) : PendingWrite(requestAborted)
{
    /// <summary>The rows claimed, once committed.</summary>
    public List<MessageRecipient> Leased { get; private set; } = [];

    // A worker that stopped waiting claims nothing.
    public override bool IsAbandoned => RequestAborted.IsCancellationRequested;

    // A lease undone by a power cut leaves its rows due again: they are sent again, never lost.
    public override bool NeedsFlush => false;

    public override async Task StageAsync(WriteSession session, CancellationToken cancellationToken)
        => Leased = await session.RunAsync((connection, transaction) => RecipientLeaser.ReadLeasedAsync(
            connection, transaction, owner, limit, now, until, cancellationToken));
}
