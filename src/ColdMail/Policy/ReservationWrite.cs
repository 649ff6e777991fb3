using ColdMail.Queue;
using ColdMail.Storage;

namespace ColdMail.Policy;

/// <summary>
/// One recipient's units of every limit, all or none, taken in the shared writer's transaction so that the
/// reservations of many sessions share one commit instead of taking the write lock one by one.
/// </summary>
internal sealed class ReservationWrite(IReadOnlyList<SendLimit> limits, CancellationToken requestAborted)
    : PendingWrite(requestAborted)
{
    // Undoes the units taken before a full limit, without undoing the other writes of the batch.
    private const string Savepoint = "reservation";

    /// <summary>The first limit that was full once committed, or null when every unit was taken.</summary>
    public SendLimit? Full { get; private set; }

    // A session that went away before the write began takes no units.
    public override bool IsAbandoned => RequestAborted.IsCancellationRequested;

    // The acceptance that uses these units is flushed before it is acknowledged, and carries them along.
    public override bool NeedsFlush => false;

    public override async Task StageAsync(WriteSession session, CancellationToken cancellationToken)
    {
        // A batch that failed is staged again, one write at a time, in a new transaction.
        Full = null;
        var several = limits.Count > 1;
        if (several)
        {
            await session.SaveAsync(Savepoint, cancellationToken);
        }
        foreach (var limit in limits)
        {
            // A cap of 0 is full without asking: the upsert's insert would start the row at 1.
            var taken = limit.Cap > 0
                && await session.ReadFirstAsync(SendCounterStore.ReserveSql, _ => true, cancellationToken,
                    limit.Slot.Scope, limit.Slot.WindowStart, limit.Cap);
            if (!taken)
            {
                Full = limit;
                if (several)
                {
                    await session.RollbackToAsync(Savepoint, cancellationToken);
                }
                break;
            }
        }
        if (several)
        {
            await session.ReleaseAsync(Savepoint, cancellationToken);
        }
    }
}
