using System.Data.Common;
using ColdMail.Configuration;
using ColdMail.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ColdMail.Policy;

/// <summary>
/// The send counters, shared by every node through the database. A recipient is reserved with one
/// conditional upsert per cap, so two sessions (or two nodes) can never both take the last unit:
/// the database serialises the increments of one row and the WHERE refuses the one past the cap.
/// </summary>
internal sealed class SendCounterStore(ColdMailDatabase database)
{
    // The same text on SQLite (upsert with RETURNING, 3.35+) and PostgreSQL: no row back means the
    // cap is reached.
    private const string ReserveSql = """
        INSERT INTO send_counters (scope, window_start, count) VALUES (@scope, @window, 1)
        ON CONFLICT (scope, window_start) DO UPDATE SET count = send_counters.count + 1
        WHERE send_counters.count < @cap
        RETURNING count
        """;

    private const string ReleaseSql = """
        UPDATE send_counters SET count = CASE WHEN count > @n THEN count - @n ELSE 0 END
        WHERE scope = @scope AND window_start = @window
        """;

    private const string ReadSql = """
        SELECT count FROM send_counters WHERE scope = @scope AND window_start = @window
        """;

    private readonly bool _sqlite = database.Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// Takes one unit of every limit, all or none, in the limits' order. Returns the first limit
    /// that was full, or null when the recipient is reserved everywhere.
    /// </summary>
    public async Task<SendLimit?> TryReserveAsync(
        IReadOnlyList<SendLimit> limits,
        CancellationToken cancellationToken)
    {
        if (limits.Count == 0)
        {
            return null;
        }

        await using var db = CreateContext();
        var connection = await OpenAsync(db, cancellationToken);
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var limit in limits)
        {
            // A cap of 0 is full without asking: the upsert's insert would start the row at 1.
            var taken = limit.Cap > 0
                ? await ReserveAsync(connection, transaction, limit, cancellationToken)
                : null;
            if (taken is null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return limit;
            }
        }
        // Not cancellable past this point: a commit that happened must be remembered by the caller.
        await transaction.CommitAsync(CancellationToken.None);
        return null;
    }

    /// <summary>Gives back reserved units: one per occurrence of a slot in the list.</summary>
    public async Task ReleaseAsync(IReadOnlyList<CounterSlot> slots, CancellationToken cancellationToken)
    {
        if (slots.Count == 0)
        {
            return;
        }
        // Rows are updated in the order reservations lock them, so on PostgreSQL a release and a
        // reservation never wait on each other in a cycle.
        var counts = slots.GroupBy(s => s)
            .OrderBy(g => g.Key.Rank)
            .ThenBy(g => g.Key.WindowStart)
            .ThenBy(g => g.Key.Scope, StringComparer.Ordinal)
            .Select(g => (Slot: g.Key, Count: g.Count()));

        await using var db = CreateContext();
        var connection = await OpenAsync(db, cancellationToken);
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var (slot, count) in counts)
        {
            await using var command = Command(connection, transaction, ReleaseSql, slot);
            Add(command, "@n", count);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How many units of a slot are taken: to word a refusal, never to allow one.</summary>
    public async Task<int> CountAsync(CounterSlot slot, CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        var connection = await OpenAsync(db, cancellationToken);
        await using var command = Command(connection, null, ReadSql, slot);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken) ?? 0);
    }

    // A reservation need not reach the disk on its own: the commit that accepts its message is synced and,
    // the log being one file written in order, carries it along. A power loss can undo only units of
    // messages never acknowledged, and releases (a count left too high, never too low).
    private ColdMailDbContext CreateContext() => database.CreateContext(WriteDurability.Relaxed);

    private static async Task<DbConnection> OpenAsync(
        ColdMailDbContext db,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return db.Database.GetDbConnection();
    }

    private async Task<object?> ReserveAsync(
        DbConnection connection,
        IDbContextTransaction transaction,
        SendLimit limit,
        CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, ReserveSql, limit.Slot);
        Add(command, "@cap", limit.Cap);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private DbCommand Command(
        DbConnection connection,
        IDbContextTransaction? transaction,
        string sql,
        CounterSlot slot)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction?.GetDbTransaction();
        Add(command, "@scope", slot.Scope);
        // The column holds UTC ticks on SQLite (UtcTicksConverter) and timestamptz on PostgreSQL.
        var window = slot.WindowStart;
        Add(command, "@window", _sqlite ? window.UtcTicks : window.ToUniversalTime());
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
