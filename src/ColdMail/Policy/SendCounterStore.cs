using System.Data.Common;
using System.Globalization;
using ColdMail.Configuration;
using ColdMail.Queue;
using ColdMail.Storage;

namespace ColdMail.Policy;

/// <summary>
/// The send counters, shared by every node through the database. A recipient is reserved with one
/// conditional upsert per cap, so two sessions (or two nodes) can never both take the last unit:
/// the database serialises the increments of one row and the WHERE refuses the one past the cap.
/// </summary>
internal sealed class SendCounterStore(ColdMailDatabase database, MessageAcceptor acceptor)
{
    // The same text on SQLite (upsert with RETURNING, 3.35+) and PostgreSQL: no row back means the
    // cap is reached.
    internal const string ReserveSql = """
        INSERT INTO send_counters (scope, window_start, count) VALUES (@p0, @p1, 1)
        ON CONFLICT (scope, window_start) DO UPDATE SET count = send_counters.count + 1
        WHERE send_counters.count < @p2
        RETURNING count
        """;

    private const string ReleaseSql = """
        UPDATE send_counters SET count = CASE WHEN count > @p2 THEN count - @p2 ELSE 0 END
        WHERE scope = @p0 AND window_start = @p1
        """;

    private const string ReadSql = """
        SELECT count FROM send_counters WHERE scope = @p0 AND window_start = @p1
        """;

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
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // SQLite has one writer at a time: the reservations of every session join the shared writer's
            // next commit instead of queueing for the lock one by one.
            var write = new ReservationWrite(limits, cancellationToken);
            await acceptor.SubmitAsync(write, cancellationToken);
            return write.Full;
        }
        // PostgreSQL locks rows, so reservations of different senders run side by side, each in a short
        // transaction of its own: in a shared one, two nodes could take the same rows in opposite orders.
        return await database.Statements.RunAsync(async (connection, token) =>
        {
            await using var transaction = await connection.Connection.BeginTransactionAsync(token);
            foreach (var limit in limits)
            {
                // A cap of 0 is full without asking: the upsert's insert would start the row at 1.
                var taken = limit.Cap > 0
                    ? await ScalarAsync(connection, transaction, ReserveSql, token, limit.Slot.Scope,
                        limit.Slot.WindowStart, limit.Cap)
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
        }, cancellationToken);
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
            .Select(g => (Slot: g.Key, Count: g.Count()))
            .ToList();

        await database.Statements.RunAsync(async (connection, token) =>
        {
            using var turn = await database.TakeWriteTurnAsync(token);
            await using var transaction = await connection.Connection.BeginTransactionAsync(token);
            foreach (var (slot, count) in counts)
            {
                await connection.ExecuteAsync(ReleaseSql, transaction, token, slot.Scope, slot.WindowStart, count);
            }
            await transaction.CommitAsync(token);
            return true;
        }, cancellationToken);
    }

    /// <summary>How many units of a slot are taken: to word a refusal, never to allow one.</summary>
    public Task<int> CountAsync(CounterSlot slot, CancellationToken cancellationToken)
        => database.Statements.RunAsync(async (connection, token) => Convert.ToInt32(
            await ScalarAsync(connection, null, ReadSql, token, slot.Scope, slot.WindowStart) ?? 0,
            CultureInfo.InvariantCulture), cancellationToken);

    private static async Task<object?> ScalarAsync(
        StatementConnection connection,
        DbTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params object?[] values)
    {
        var command = connection.Command(sql, transaction, values);
        try
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }
        finally
        {
            connection.Release(command);
        }
    }
}
