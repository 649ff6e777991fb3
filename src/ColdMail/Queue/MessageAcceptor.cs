using System.Collections.Concurrent;
using System.Threading.Channels;
using ColdMail.Logs;
using ColdMail.Storage;

namespace ColdMail.Queue;

/// <summary>
/// The one writer of accepted mail and of what happens to it (log entries, delivery outcomes). Sessions and
/// delivery workers hand it their writes and wait; a background loop takes
/// every write waiting at that moment (up to <see cref="MaxBatch"/>) and commits them in one
/// transaction, so many sessions share one fsync and durability does not serialise throughput. When
/// a batch fails, each of its writes is retried alone, so one bad write fails only its own caller.
/// </summary>
public sealed class MessageAcceptor : IHostedService, IAsyncDisposable
{
    // Writes sharing one commit: enough to amortise the fsync, small enough to keep a commit short.
    internal const int MaxBatch = 64;

    // Bodies sharing one commit, so that a few large messages do not make one huge transaction.
    // A single larger write still goes alone.
    private const long MaxBatchBytes = 32 * 1024 * 1024;

    // Writes queued beyond this make new callers wait, so a stalled database cannot exhaust memory.
    private const int QueueCapacity = 4096;

    private readonly ColdMailDatabase _database;
    private readonly QueueSignal _signal;
    private readonly RecentBodies _bodies;
    private readonly ILogger<MessageAcceptor> _logger;
    private readonly Channel<PendingWrite> _writes = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    // Cancelled only when the acceptor is disposed without a graceful stop; a stop lets the loop
    // finish.
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _startLock = new();

    // Batches committed and waiting for their flush; a stop waits for them.
    private readonly ConcurrentDictionary<Task, byte> _completing = new();
    private Task? _loop;

    // Used by the loop alone.
    private StatementConnection? _connection;
    private int _stopLogged;
    private long _batchesCommitted;

    public MessageAcceptor(
        ColdMailDatabase database,
        QueueSignal signal,
        RecentBodies bodies,
        ILogger<MessageAcceptor> logger)
    {
        _bodies = bodies;
        _database = database;
        _signal = signal;
        _logger = logger;
    }

    /// <summary>
    /// Transactions committed so far, for metrics and for tests that watch the grouping.
    /// </summary>
    internal long BatchesCommitted => Interlocked.Read(ref _batchesCommitted);

    /// <summary>Writes waiting for the loop to take them.</summary>
    internal int QueuedWrites => _writes.Reader.Count;

    /// <summary>
    /// Stores the message durably. Returns once it is committed; throws when it is not, with
    /// <see cref="AcceptorStoppedException"/> during shutdown and <see cref="OperationCanceledException"/>
    /// when the caller went away before the write began. Once queued, the outcome is the writer's
    /// to decide: the caller cannot cancel a write that may already be committing.
    /// </summary>
    public Task AcceptAsync(AcceptedMessage message, CancellationToken cancellationToken)
    {
        // The body goes to the body files on the caller's thread, beside other sessions' bodies, so the one
        // writer spends its turn on the rows alone; the flush before the reply covers both.
        var body = _database.Bodies?.Append(message.Content);
        return SubmitAsync(new MessageWrite(message, body, cancellationToken), cancellationToken);
    }

    /// <summary>Writes email log entries, returning once they are committed.</summary>
    public Task AppendAsync(
        IReadOnlyList<EmailLogRecord> records,
        CancellationToken cancellationToken)
        => SubmitAsync(new LogWrite(records, cancellationToken), cancellationToken);

    /// <summary>
    /// Writes an <c>auth.failed</c> entry in the workspace of the mailbox the record names.
    /// </summary>
    public Task AppendAuthFailureAsync(EmailLogRecord record, CancellationToken cancellationToken)
        => SubmitAsync(new AuthFailureWrite(record, cancellationToken), cancellationToken);

    /// <summary>
    /// Notes a key's last use without waiting: a login never waits for this bookkeeping.
    /// </summary>
    public void RecordKeyUse(Guid keyId, DateTimeOffset at, string from)
    {
        EnsureStarted();
        if (!_writes.Writer.TryWrite(new KeyUseWrite(keyId, at, from)))
        {
            // Full or stopping: the next login a minute later records it instead.
            AcceptorLog.KeyUseDropped(_logger, keyId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Refuses new writes at once, then waits for every queued write to be committed.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _writes.Writer.TryComplete();
        Task? loop;
        lock (_startLock)
        {
            loop = _loop;
        }
        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken);
        }
        if (Interlocked.Exchange(ref _stopLogged, 1) == 0)
        {
            AcceptorLog.Stopped(_logger);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // As long as the host's own shutdown timeout (ServeHost).
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await StopAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            // The database did not answer in time: abandon the commit in progress; its callers get
            // an error.
            await _abort.CancelAsync();
            var loop = _loop ?? Task.CompletedTask;
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        while (_writes.Reader.TryRead(out var write))
        {
            write.Fail(new AcceptorStoppedException());
        }
        _abort.Dispose();
    }

    /// <summary>
    /// Commits <paramref name="write"/> with the others waiting, returning once it is committed; throws when
    /// it is not.
    /// </summary>
    internal async Task SubmitAsync(PendingWrite write, CancellationToken cancellationToken)
    {
        EnsureStarted();
        try
        {
            await _writes.Writer.WriteAsync(write, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new AcceptorStoppedException();
        }
        await write.Completion;
    }

    private void EnsureStarted()
    {
        // Started on first use as well as by the host, so a caller outside a host is never left
        // waiting.
        lock (_startLock)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        try
        {
            while (await _writes.Reader.WaitToReadAsync(_abort.Token))
            {
                long bytes = 0;
                while (batch.Count < MaxBatch
                    && _writes.Reader.TryPeek(out var next)
                    && (batch.Count == 0 || bytes + next.Bytes <= MaxBatchBytes)
                    && _writes.Reader.TryRead(out var write))
                {
                    if (write.IsAbandoned)
                    {
                        write.Cancel();
                        continue;
                    }
                    bytes += write.Bytes;
                    batch.Add(write);
                }
                if (batch.Count > 0)
                {
                    await WriteBatchAsync(batch);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            foreach (var write in batch)
            {
                write.Fail(new AcceptorStoppedException());
            }
        }
        await CloseConnectionAsync();
        await Task.WhenAll(_completing.Keys);
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        try
        {
            await CommitAsync(batch);
            SucceedWhenDurable(batch);
            return;
        }
        catch (Exception exception) when (batch.Count == 1 || _abort.IsCancellationRequested)
        {
            AcceptorLog.WriteFailed(_logger, exception);
            foreach (var write in batch)
            {
                write.Fail(exception);
            }
            return;
        }
        catch (Exception exception)
        {
            AcceptorLog.BatchFailed(_logger, exception, batch.Count);
        }

        foreach (var write in batch)
        {
            try
            {
                await CommitAsync([write]);
                SucceedWhenDurable([write]);
            }
            catch (Exception exception)
            {
                AcceptorLog.WriteFailed(_logger, exception);
                write.Fail(exception);
            }
        }
    }

    private async Task CommitAsync(IReadOnlyList<PendingWrite> writes)
    {
        var cancellationToken = _abort.Token;
        // The writer keeps one connection, and with it its prepared statements, until a commit fails.
        _connection ??= await _database.Statements.OpenAsync(_database.DurableCommits, cancellationToken);
        try
        {
            using var turn = await _database.TakeWriteTurnAsync(cancellationToken);
            await using var transaction = await _connection.Connection.BeginTransactionAsync(cancellationToken);
            var session = new WriteSession(_connection, transaction);
            foreach (var write in writes)
            {
                await write.StageAsync(session, cancellationToken);
            }
            // Limitation: if the connection drops during COMMIT the outcome is unknown; the caller is
            // told 451 and its units are given back, though the message may be stored and will then
            // be sent twice if the client retries (SMTP prefers a duplicate to a loss, RFC 1047).
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await CloseConnectionAsync();
            throw;
        }
        Interlocked.Increment(ref _batchesCommitted);
    }

    private async Task CloseConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Completes the writes once their commit is on disk, and those that do not wait for the disk at once. The
    /// flush runs outside the write lock and beside the next batch, so the disk's latency is paid once per
    /// flush, never while writers wait for the lock.
    /// </summary>
    private void SucceedWhenDurable(List<PendingWrite> committed)
    {
        PendingWrite[] writes = [.. committed.Where(w => w.NeedsFlush)];
        foreach (var write in committed.Where(w => !w.NeedsFlush))
        {
            write.Succeed();
        }
        if (writes.Length == 0)
        {
            return;
        }
        var completion = CompleteAsync(writes, _database.FlushAsync());
        _completing.TryAdd(completion, 0);
        _ = completion.ContinueWith(
            done => _completing.TryRemove(done, out _),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task CompleteAsync(PendingWrite[] writes, Task durable)
    {
        try
        {
            await durable;
        }
        catch (Exception exception)
        {
            // Limitation: committed but perhaps not on disk, so the caller is told 451; if the disk did
            // keep it, the message is sent and a retried submission sends it twice (RFC 1047 prefers that).
            AcceptorLog.WriteFailed(_logger, exception);
            foreach (var write in writes)
            {
                write.Fail(exception);
            }
            return;
        }
        Succeed(writes);
    }

    private void Succeed(IReadOnlyList<PendingWrite> writes)
    {
        var queueWork = false;
        foreach (var write in writes)
        {
            queueWork |= write.AddsQueueWork;
            if (write is MessageWrite accepted)
            {
                // Durable now: delivery may take the body from memory.
                _bodies.Remember(accepted.Message.Id, accepted.Message.Content);
            }
            write.Succeed();
        }
        if (queueWork)
        {
            _signal.Notify();
        }
    }
}
