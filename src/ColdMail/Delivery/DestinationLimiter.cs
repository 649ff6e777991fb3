using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Delivery;

/// <summary>
/// Caps the deliveries in flight to each destination (<c>Delivery:Concurrency</c>). A destination is the
/// pattern a recipient domain matches, so every domain under one pattern shares one cap; a domain no
/// pattern matches has a cap of its own. With a smarthost the relay is the one destination.
/// </summary>
// Limitation: caps count per recipient domain (or pattern), not per MX host, so many small domains
// hosted by one provider each get a cap of their own; grouping by MX would need the route first.
public sealed class DestinationLimiter
{
    private readonly Dictionary<string, DestinationState> _destinations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly DeliveryOptions _options;
    private readonly (string Pattern, int Limit)[] _patterns;

    public DestinationLimiter(IOptions<ColdMailOptions> options)
    {
        _options = options.Value.Delivery;
        // Exact names before wildcards, longer wildcards before shorter: the most specific rule wins.
        _patterns = [.. _options.Concurrency
            .OrderBy(p => p.Key.StartsWith("*.", StringComparison.Ordinal))
            .ThenByDescending(p => p.Key.Length)
            .Select(p => (p.Key, p.Value))];
    }

    /// <summary>Deliveries waiting for a slot, across destinations.</summary>
    internal int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _destinations.Values.Sum(d => d.Waiters.Count);
            }
        }
    }

    /// <summary>A slot for a delivery to <paramref name="domain"/>; null when its destination is at the cap.</summary>
    public IDisposable? TryEnter(string domain)
    {
        var (key, limit) = Destination(domain);
        lock (_lock)
        {
            return TryTake(key, limit) ? new Slot(this, key) : null;
        }
    }

    /// <summary>
    /// A slot for a delivery to <paramref name="domain"/>, waiting in turn behind earlier callers while its
    /// destination is at the cap; null when <paramref name="giveUp"/> fires first. A slot that ends goes
    /// straight to the longest waiter, so a busy destination is kept at its cap without polling.
    /// </summary>
    public async Task<IDisposable?> EnterAsync(string domain, CancellationToken giveUp)
    {
        var (key, limit) = Destination(domain);
        TaskCompletionSource handOver;
        lock (_lock)
        {
            if (TryTake(key, limit))
            {
                return new Slot(this, key);
            }
            handOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _destinations[key].Waiters.AddLast(handOver);
        }
        using (giveUp.Register(() => Withdraw(key, handOver)))
        {
            await handOver.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return handOver.Task.IsCompletedSuccessfully ? new Slot(this, key) : null;
    }

    public (string Key, int Limit) Destination(string domain)
    {
        if (_options.Smarthost.Enabled)
        {
            return ("smarthost", _options.DefaultConcurrency);
        }
        foreach (var (pattern, limit) in _patterns)
        {
            if (DestinationPattern.Matches(pattern, domain))
            {
                return (pattern, limit);
            }
        }
        return (domain, _options.DefaultConcurrency);
    }

    // Called with the lock held. A destination is known while it has deliveries in flight.
    private bool TryTake(string key, int limit)
    {
        if (!_destinations.TryGetValue(key, out var destination))
        {
            destination = new DestinationState();
            _destinations[key] = destination;
        }
        if (destination.InFlight >= limit)
        {
            return false;
        }
        destination.InFlight++;
        return true;
    }

    private void Withdraw(string key, TaskCompletionSource handOver)
    {
        lock (_lock)
        {
            // Under the lock a waiter is either still queued (and leaves) or already holds a slot.
            if (handOver.TrySetCanceled())
            {
                _destinations[key].Waiters.Remove(handOver);
            }
        }
    }

    private void Leave(string key)
    {
        lock (_lock)
        {
            var destination = _destinations[key];
            while (destination.Waiters.First is { } first)
            {
                destination.Waiters.RemoveFirst();
                if (first.Value.TrySetResult())
                {
                    // The slot changes hands: the count in flight stays.
                    return;
                }
            }
            destination.InFlight--;
            if (destination.InFlight == 0)
            {
                _destinations.Remove(key);
            }
        }
    }

    private sealed class DestinationState
    {
        public int InFlight { get; set; }

        public LinkedList<TaskCompletionSource> Waiters { get; } = [];
    }

    private sealed class Slot(DestinationLimiter owner, string key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Leave(key);
            }
        }
    }
}
