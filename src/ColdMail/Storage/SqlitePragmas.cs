using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ColdMail.Storage;

/// <summary>Per-connection SQLite settings that the file does not remember.</summary>
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

    private readonly string _pragmas;

    private SqlitePragmas(string pragmas) => _pragmas = pragmas;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
