namespace ColdMail.Policy;

/// <summary>
/// The most recent failures of one key (a client address or a user name), enough to tell whether
/// the last
/// <c>max</c> of them fall inside a sliding window. Thread-safe; a handful of timestamps per key.
/// </summary>
internal sealed class FailureWindow
{
    private readonly Queue<DateTimeOffset> _failures = new();

    private DateTimeOffset _newest;

    /// <summary>
    /// When the key may try again, or null when it is not throttled at <paramref name="now"/>.
    /// </summary>
    public DateTimeOffset? BlockedUntil(DateTimeOffset now, TimeSpan window, int max)
    {
        lock (_failures)
        {
            Prune(now, window);
            return _failures.Count >= max ? _failures.Peek() + window : null;
        }
    }

    /// <summary>Counts one failure; true when it is the one that reaches the limit.</summary>
    public bool Add(DateTimeOffset now, TimeSpan window, int max)
    {
        lock (_failures)
        {
            Prune(now, window);
            _failures.Enqueue(now);
            while (_failures.Count > max)
            {
                _failures.Dequeue();
            }
            _newest = now;
            return _failures.Count == max;
        }
    }

    /// <summary>True when every failure has aged out, so the window can be forgotten.</summary>
    public bool IsIdle(DateTimeOffset now, TimeSpan window)
    {
        lock (_failures)
        {
            return _newest <= now - window;
        }
    }

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        while (_failures.Count > 0 && _failures.Peek() <= now - window)
        {
            _failures.Dequeue();
        }
    }
}
