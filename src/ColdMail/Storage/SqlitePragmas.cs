using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ColdMail.Storage;

/// <summary>
/// Per-connection SQLite settings that the file does not remember. A pooled connection keeps its settings
/// between uses, so they are sent only when the connection last had others.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // synchronous=FULL: a commit is fsynced before it returns, so an acknowledged message survives power loss.
    // busy_timeout: wait for another process's write lock instead of failing at once.
    public static readonly SqlitePragmas Synced =
        new("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");

    // synchronous=NORMAL in WAL mode: the commit is in the log file before it returns (a crash of the
    // process loses nothing) but is fsynced with a later synced commit or checkpoint (WriteDurability).
    public static readonly SqlitePragmas Relaxed =
        new("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");

    // The settings each open native connection last received, forgotten with the connection.
    private static readonly ConditionalWeakTable<object, SqlitePragmas> Applied = [];

    private readonly string _pragmas;

    private SqlitePragmas(string pragmas) => _pragmas = pragmas;

    /// <summary>The statements that set them, for connections opened outside EF Core.</summary>
    public string Statements => _pragmas;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsApplied(connection))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (IsApplied(connection))
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private bool IsApplied(DbConnection connection)
        => NativeHandle(connection) is { } handle
            && Applied.TryGetValue(handle, out var applied)
            && ReferenceEquals(applied, this);

    private void Remember(DbConnection connection)
    {
        if (NativeHandle(connection) is { } handle)
        {
            Applied.AddOrUpdate(handle, this);
        }
    }

    private static object? NativeHandle(DbConnection connection) => (connection as SqliteConnection)?.Handle;
}
