using System.Collections.Concurrent;
using System.Data.Common;
using ColdMail.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ColdMail.Storage;

/// <summary>
/// Open connections for the statements that run several times per message (the sender's standing, the
/// suppression list, the send counters, the delivery load). They skip EF Core, whose cost per query is larger
/// than the database's for these look-ups by key, and on SQLite they keep their prepared statements between
/// uses. A connection is rented for one statement or one short transaction and then given back.
/// </summary>
internal sealed class StatementPool : IAsyncDisposable
{
    // Idle connections kept open, enough for every statement in flight under load: a connection closed when
    // given back takes its prepared statements with it, and the next one prepares them again.
    private const int MaxIdle = 64;

    // Last in, first out: the connections in use stay few and warm.
    private readonly ConcurrentStack<StatementConnection> _idle = new();
    private int _idleCount;
    private readonly DatabaseProvider _provider;
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;
    private volatile bool _disposed;

    public StatementPool(DatabaseProvider provider, string connectionString)
    {
        _provider = provider;
        _connectionString = connectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            // Statements run often enough are prepared on the server, per physical connection.
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (builder.MaxAutoPrepare == 0)
            {
                builder.MaxAutoPrepare = 32;
            }
            _postgres = NpgsqlDataSource.Create(builder.ConnectionString);
        }
    }

    /// <summary>An open connection of one's own until it is given back with <see cref="Return"/>.</summary>
    public async ValueTask<StatementConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            if (idle.IsUsable)
            {
                return idle;
            }
            await idle.DisposeAsync();
        }
        // Relaxed: a writer whose commit must reach the disk flushes it before it acknowledges
        // (ColdMailDatabase.FlushAsync).
        return await OpenAsync(WriteDurability.Relaxed, cancellationToken);
    }

    /// <summary>
    /// A connection outside the pool whose commits are as durable as <paramref name="durability"/> says, for a
    /// caller that keeps it (the shared writer); dispose it when done.
    /// </summary>
    public async Task<StatementConnection> OpenAsync(WriteDurability durability, CancellationToken cancellationToken)
    {
        DbConnection connection = _postgres is not null
            ? _postgres.CreateConnection()
            : new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (_provider == DatabaseProvider.Sqlite)
            {
                await using var pragmas = connection.CreateCommand();
                pragmas.CommandText = (durability == WriteDurability.Relaxed
                    ? SqlitePragmas.Relaxed
                    : SqlitePragmas.Synced).Statements;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new StatementConnection(connection, _provider);
    }

    /// <summary>
    /// Takes a connection back. A connection given back after a failure is closed rather than kept, so that no
    /// half-finished state (an open transaction, a broken socket) reaches the next caller.
    /// </summary>
    public async ValueTask Return(StatementConnection connection, bool failed = false)
    {
        if (failed || _disposed || !connection.IsUsable)
        {
            await connection.DisposeAsync();
            return;
        }
        if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            await connection.DisposeAsync();
            return;
        }
        _idle.Push(connection);
    }

    /// <summary>Runs <paramref name="work"/> on a rented connection and gives it back.</summary>
    public async Task<T> RunAsync<T>(
        Func<StatementConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        var connection = await RentAsync(cancellationToken);
        var failed = true;
        try
        {
            var result = await work(connection, cancellationToken);
            failed = false;
            return result;
        }
        finally
        {
            await Return(connection, failed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            await idle.DisposeAsync();
        }
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
