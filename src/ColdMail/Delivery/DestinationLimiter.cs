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
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
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

    /// <summary>A slot for a delivery to <paramref name="domain"/>; null when its destination is at the cap.</summary>
    public IDisposable? TryEnter(string domain)
    {
        var (key, limit) = Destination(domain);
        lock (_lock)
        {
            var count = _inFlight.GetValueOrDefault(key);
            if (count >= limit)
            {
                return null;
            }
            _inFlight[key] = count + 1;
        }
        return new Slot(this, key);
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

    private void Leave(string key)
    {
        lock (_lock)
        {
            // Entries go when their count does, so the table holds only destinations in flight.
            var count = _inFlight[key] - 1;
            if (count == 0)
            {
                _inFlight.Remove(key);
            }
            else
            {
                _inFlight[key] = count;
            }
        }
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
