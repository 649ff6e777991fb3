namespace ColdMail.Queue;

/// <summary>
/// Wakes the delivery workers when new work is committed, so a fresh message does not wait for the next poll.
/// Polling stays as the safety net (other nodes, restarts); this only shortens the wait.
/// </summary>
public sealed class QueueSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers every message committed before it is taken.
        }
    }

    /// <summary>Waits until notified or until <paramref name="timeout"/>; true when notified.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        => _signal.WaitAsync(timeout, cancellationToken);
}
