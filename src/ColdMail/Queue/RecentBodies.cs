using System.Collections.Concurrent;

namespace ColdMail.Queue;

/// <summary>
/// The bodies of the messages this process accepted last, so that their first delivery attempt does not
/// read back from the database what was written there a moment before. Only committed bodies are kept, and
/// a body never changes, so a hit is always right; a miss (another node's mail, a restart, an old message)
/// reads the database as before. Oldest out first once the budget (<see cref="MaxBytes"/>) is reached.
/// </summary>
public sealed class RecentBodies
{
    /// <summary>
    /// About 1,300 messages of 50 KB, or a few seconds of accepted mail at a thousand messages a second:
    /// delivery normally starts within milliseconds of acceptance.
    /// </summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<Guid, byte[]> _bodies = new();
    private readonly ConcurrentQueue<Guid> _order = new();
    private readonly long _maxBytes;
    private long _bytes;

    public RecentBodies()
        : this(MaxBytes)
    {
    }

    internal RecentBodies(long maxBytes) => _maxBytes = maxBytes;

    public int Count => _bodies.Count;

    /// <summary>Keeps a committed body; one larger than the whole budget is not kept.</summary>
    public void Remember(Guid messageId, byte[] content)
    {
        if (content.LongLength > _maxBytes || !_bodies.TryAdd(messageId, content))
        {
            return;
        }
        _order.Enqueue(messageId);
        var total = Interlocked.Add(ref _bytes, content.LongLength);
        while (total > _maxBytes && _order.TryDequeue(out var oldest))
        {
            if (_bodies.TryRemove(oldest, out var removed))
            {
                total = Interlocked.Add(ref _bytes, -removed.LongLength);
            }
        }
    }

    public byte[]? Find(Guid messageId) => _bodies.GetValueOrDefault(messageId);
}
