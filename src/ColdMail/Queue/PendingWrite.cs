using ColdMail.Storage;

namespace ColdMail.Queue;

/// <summary>
/// One unit of work for <see cref="MessageAcceptor"/>: rows to add in a shared transaction, and the
/// task its caller awaits. A write is staged in a fresh transaction each time it is tried, so a retry
/// starts clean.
/// </summary>
internal abstract class PendingWrite(CancellationToken requestAborted)
{
    private readonly TaskCompletionSource _done =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _done.Task;

    /// <summary>
    /// True when the caller went away before the write began, and the write is worthless without
    /// it.
    /// </summary>
    public virtual bool IsAbandoned => false;

    /// <summary>The bytes of message content the write stores, to keep batches reasonable.</summary>
    public virtual long Bytes => 0;

    /// <summary>
    /// True when a commit holding this write has new work for the delivery queue.
    /// </summary>
    public virtual bool AddsQueueWork => false;

    /// <summary>
    /// True when the caller may be told only once the commit is on disk; false when the commit is enough (a
    /// crash before the flush loses nothing that anyone was told about).
    /// </summary>
    public virtual bool NeedsFlush => true;

    protected CancellationToken RequestAborted { get; } = requestAborted;

    /// <summary>Runs the write's statements inside the open transaction.</summary>
    public abstract Task StageAsync(WriteSession session, CancellationToken cancellationToken);

    public void Succeed() => _done.TrySetResult();

    public void Fail(Exception exception) => _done.TrySetException(exception);

    public void Cancel() => _done.TrySetCanceled(RequestAborted);
}
