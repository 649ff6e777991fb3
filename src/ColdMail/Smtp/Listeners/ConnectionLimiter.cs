using System.Collections.Concurrent;
using System.Net;
using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Smtp.Listeners;

/// <summary>Counts open sessions per client address, so one address cannot take every slot.</summary>
public sealed class ConnectionLimiter(IOptions<ColdMailOptions> options)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();
    private readonly int _limit = options.Value.Smtp.MaxConnectionsPerAddress;

    public int Limit => _limit;

    public bool TryAcquire(IPAddress address)
    {
        while (true)
        {
            if (!_open.TryGetValue(address, out var count))
            {
                if (_open.TryAdd(address, 1))
                {
                    return true;
                }
                continue;
            }
            if (count >= _limit)
            {
                return false;
            }
            if (_open.TryUpdate(address, count + 1, count))
            {
                return true;
            }
        }
    }

    public void Release(IPAddress address)
    {
        while (_open.TryGetValue(address, out var count))
        {
            // The last session of an address removes its entry, so the table holds only live addresses.
            var done = count <= 1
                ? _open.TryRemove(new KeyValuePair<IPAddress, int>(address, count))
                : _open.TryUpdate(address, count - 1, count);
            if (done)
            {
                return;
            }
        }
    }
}
