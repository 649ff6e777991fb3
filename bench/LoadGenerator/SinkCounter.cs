using System.Diagnostics;
using System.Text;

namespace ColdMail.Bench;

/// <summary>
/// Follows the running counters that Postfix's smtp-sink prints with <c>-c</c> ("sess=.. quit=.. mesg=N\r")
/// and notes when each count was first reached, so the end-to-end time of the last message is exact to
/// the polling interval even when the sink finishes before the submissions are all answered.
/// </summary>
internal sealed class SinkCounter(string path)
{
    // Short enough to be precise at thousands of messages a second, long enough to cost nothing.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    private readonly List<long> _reachedAt = [];
    private int _baseline = -1;

    /// <summary>Messages the sink had before this run.</summary>
    public int Baseline => _baseline;

    /// <summary>Messages the sink has taken since the run began.</summary>
    public int Delivered
    {
        get
        {
            lock (_reachedAt)
            {
                return _reachedAt.Count;
            }
        }
    }

    public void Start() => _baseline = Read();

    /// <summary>Polls until cancelled; call <see cref="Start"/> first.</summary>
    public async Task FollowAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Poll();
            }
        }
        catch (OperationCanceledException)
        {
            Poll();
        }
    }

    /// <summary>The timestamp at which the sink had taken <paramref name="count"/> messages of this run.</summary>
    public long? ReachedAt(int count)
    {
        lock (_reachedAt)
        {
            return count > 0 && count <= _reachedAt.Count ? _reachedAt[count - 1] : null;
        }
    }

    private void Poll()
    {
        var now = Stopwatch.GetTimestamp();
        var delivered = Read() - _baseline;
        lock (_reachedAt)
        {
            while (_reachedAt.Count < delivered)
            {
                _reachedAt.Add(now);
            }
        }
    }

    private int Read()
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var tail = new byte[Math.Min(256, file.Length)];
        file.Seek(-tail.Length, SeekOrigin.End);
        file.ReadExactly(tail);
        var text = Encoding.ASCII.GetString(tail);
        // Only a counter line already ended by its CR is complete.
        var end = text.LastIndexOf('\r');
        var start = end < 0 ? -1 : text.LastIndexOf("mesg=", end, StringComparison.Ordinal);
        return start < 0 ? 0 : int.Parse(text.AsSpan(start + 5, end - start - 5));
    }
}
