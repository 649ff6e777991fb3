namespace ColdMail.Storage;

/// <summary>
/// Puts SQLite's write-ahead log on the disk after the write lock is released. A commit made with
/// <see cref="WriteDurability.Relaxed"/> is in the log but perhaps not yet on disk; <see cref="FlushAsync"/>
/// returns once everything committed before the call is. Callers arriving together share one fsync, and
/// the fsync holds no database lock, so other writers go on while it runs.
/// </summary>
internal sealed class WalFlusher
{
    private readonly Action _sync;
    private readonly Lock _lock = new();
    private List<TaskCompletionSource> _waiting = [];
    private bool _flushing;
    private long _flushes;

    /// <param name="sync">Makes the log durable (fsync); runs on a pool thread, one call at a time.</param>
    public WalFlusher(Action sync) => _sync = sync;

    /// <summary>
    /// Flushes the log of the SQLite database at <paramref name="databasePath"/>, and first the body files
    /// whose locations its commits record.
    /// </summary>
    public static WalFlusher ForDatabase(string databasePath, BodyFiles bodies) => new(() =>
    {
        bodies.Sync();
        Sync(databasePath);
    });

    /// <summary>The fsyncs made so far.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Completes once every commit made before this call is on disk; faults if the flush fails.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            _waiting.Add(done);
            start = !_flushing;
            _flushing = true;
        }
        if (start)
        {
            _ = Task.Run(FlushWaiting);
        }
        return done.Task;
    }

    private void FlushWaiting()
    {
        while (true)
        {
            List<TaskCompletionSource> round;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _flushing = false;
                    return;
                }
                // Everyone waiting now committed before this fsync starts, so it covers them all; later
                // callers wait for the next round.
                round = _waiting;
                _waiting = [];
            }
            try
            {
                _sync();
                Interlocked.Increment(ref _flushes);
                round.ForEach(w => w.TrySetResult());
            }
            catch (Exception exception)
            {
                round.ForEach(w => w.TrySetException(exception));
            }
        }
    }

    private static void Sync(string databasePath)
    {
        // fsync reaches the file's data through any descriptor. Without a log file (no connection has the
        // database open, so SQLite checkpointed and removed it) the commits are in the database file itself.
        var wal = databasePath + "-wal";
        var path = File.Exists(wal) ? wal : databasePath;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write,
            FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.FlushToDisk(handle);
    }
}
