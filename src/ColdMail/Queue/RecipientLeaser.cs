using System.Data.Common;
using ColdMail.Configuration;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdMail.Queue;

/// <summary>
/// Hands due recipients to one worker at a time. A lease is a row's state set to Delivering with an owner
/// and an expiry; a worker that dies simply lets it run out, and the next worker to look takes the row.
/// On PostgreSQL rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so nodes never wait on or take each
/// other's rows; on SQLite one conditional UPDATE claims them, atomic because SQLite has a single writer, and it
/// runs in the shared writer's next commit, where the pages it reads are warm and no write lock is taken for it.
/// Lease writes are <see cref="WriteDurability.Relaxed"/>: one undone by a power cut leaves its rows due
/// again, and they are sent again, never lost.
/// </summary>
public sealed class RecipientLeaser(
    ColdMailDatabase database,
    MessageAcceptor acceptor,
    TimeProvider time,
    IOptions<ColdMailOptions> options)
{
    private readonly TimeSpan _leaseTime = TimeSpan.FromSeconds(options.Value.Delivery.LeaseSeconds);

    /// <summary>Leases up to <paramref name="limit"/> due recipients to <paramref name="owner"/>.</summary>
    public async Task<IReadOnlyList<MessageRecipient>> LeaseAsync(
        string owner,
        int limit,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + _leaseTime;
        List<MessageRecipient> leased;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var write = new LeaseWrite(owner, limit, now, until, cancellationToken);
            await acceptor.SubmitAsync(write, cancellationToken);
            leased = write.Leased;
        }
        else
        {
            leased = await database.Statements.RunAsync(
                (connection, token) => ReadLeasedAsync(connection, null, owner, limit, now, until, token),
                cancellationToken);
        }
        return [.. leased.OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id)];
    }

    /// <summary>Extends the lease of rows still held; returns the ids this owner still holds.</summary>
    public async Task<IReadOnlySet<long>> RenewAsync(
        string owner,
        IReadOnlyCollection<long> ids,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + _leaseTime;
        await using var db = database.CreateContext(WriteDurability.Relaxed);
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        // Only a lease that has not run out is renewed: once it has, another worker may take the row at
        // any moment, so it is not delivered on an expired lease either.
        var renewed = await Held(db, owner, ids)
            .Where(r => r.LeaseExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseExpiresAt, until), cancellationToken);
        if (renewed == ids.Count)
        {
            return ids.ToHashSet();
        }
        var still = await Held(db, owner, ids)
            .Where(r => r.LeaseExpiresAt > now)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        return still.ToHashSet();
    }

    /// <summary>
    /// Gives rows back without an attempt counted: Scheduled if never tried, Deferred otherwise, due at
    /// <paramref name="notBefore"/> or when they already were.
    /// </summary>
    public async Task<int> ReleaseAsync(
        string owner,
        IReadOnlyCollection<long> ids,
        DateTimeOffset? notBefore,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }
        var now = time.GetUtcNow();
        await using var db = database.CreateContext(WriteDurability.Relaxed);
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        return await Held(db, owner, ids).ExecuteUpdateAsync(set =>
        {
            set.SetProperty(r => r.State,
                r => r.Attempts == 0 ? RecipientState.Scheduled : RecipientState.Deferred);
            set.SetProperty(r => r.LeaseOwner, (string?)null);
            set.SetProperty(r => r.LeaseExpiresAt, (DateTimeOffset?)null);
            set.SetProperty(r => r.UpdatedAt, now);
            if (notBefore is { } due)
            {
                set.SetProperty(r => r.NextAttemptAt, due);
            }
        }, cancellationToken);
    }

    private static IQueryable<MessageRecipient> Held(
        ColdMailDbContext db,
        string owner,
        IReadOnlyCollection<long> ids)
    {
        var list = ids.ToArray();
        return db.MessageRecipients.Where(r =>
            list.Contains(r.Id) && r.LeaseOwner == owner && r.State == RecipientState.Delivering);
    }

    // One statement is one transaction: the locked rows are updated before any other node can look.
    private const string LeasePostgresSql = """
        WITH due AS (
            SELECT id FROM message_recipients
            WHERE (state IN ('Scheduled', 'Deferred') AND next_attempt_at <= @p1)
               OR (state = 'Delivering' AND lease_expires_at < @p1)
            ORDER BY next_attempt_at, message_id, domain
            LIMIT @p3
            FOR UPDATE SKIP LOCKED)
        UPDATE message_recipients AS r
        SET state = 'Delivering', lease_owner = @p0, lease_expires_at = @p2, updated_at = @p1
        FROM due
        WHERE r.id = due.id
        RETURNING r.id, r.message_id, r.address, r.domain, r.attempts, r.next_attempt_at, r.lease_owner,
            r.lease_expires_at, r.last_code, r.last_enhanced_code, r.last_text, r.bounce_class, r.updated_at
        """;

    // Times are stored as UTC ticks on SQLite (see UtcTicksConverter); the statement compares ticks.
    // Each state is read on its own through the (state, next_attempt_at) index, in order, and stops after the
    // limit; only those few rows are sorted together. One query over all three states sorted every due row
    // first: with a backlog of 11,000 recipients that took 4.5 ms per lease against 0.3 ms.
    private const string LeaseSqliteSql = """
        UPDATE message_recipients
        SET state = 'Delivering', lease_owner = @p0, lease_expires_at = @p2, updated_at = @p1
        WHERE id IN (
            SELECT id FROM (
                SELECT * FROM (
                    SELECT id, next_attempt_at, message_id, domain FROM message_recipients
                    WHERE state = 'Scheduled' AND next_attempt_at <= @p1
                    ORDER BY next_attempt_at, message_id, domain LIMIT @p3)
                UNION ALL
                SELECT * FROM (
                    SELECT id, next_attempt_at, message_id, domain FROM message_recipients
                    WHERE state = 'Deferred' AND next_attempt_at <= @p1
                    ORDER BY next_attempt_at, message_id, domain LIMIT @p3)
                UNION ALL
                SELECT * FROM (
                    SELECT id, next_attempt_at, message_id, domain FROM message_recipients
                    WHERE state = 'Delivering' AND lease_expires_at < @p1
                    ORDER BY next_attempt_at, message_id, domain LIMIT @p3))
            ORDER BY next_attempt_at, message_id, domain
            LIMIT @p3)
          AND ((state IN ('Scheduled', 'Deferred') AND next_attempt_at <= @p1)
               OR (state = 'Delivering' AND lease_expires_at < @p1))
        RETURNING id, message_id, address, domain, attempts, next_attempt_at, lease_owner, lease_expires_at,
            last_code, last_enhanced_code, last_text, bounce_class, updated_at
        """;

    /// <summary>Claims the due rows and reads them back; on SQLite inside the shared writer's transaction.</summary>
    internal static async Task<List<MessageRecipient>> ReadLeasedAsync(
        StatementConnection connection,
        DbTransaction? transaction,
        string owner,
        int limit,
        DateTimeOffset now,
        DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        var sql = connection.Provider == DatabaseProvider.Postgres ? LeasePostgresSql : LeaseSqliteSql;
        var command = connection.Command(sql, transaction, owner, now, until, limit);
        try
        {
            var leased = new List<MessageRecipient>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                leased.Add(new MessageRecipient
                {
                    Id = reader.GetInt64(0),
                    MessageId = reader.GetGuid(1),
                    Address = reader.GetString(2),
                    Domain = reader.GetString(3),
                    State = RecipientState.Delivering,
                    Attempts = reader.GetInt32(4),
                    NextAttemptAt = connection.ReadTime(reader, 5),
                    LeaseOwner = reader.IsDBNull(6) ? null : reader.GetString(6),
                    LeaseExpiresAt = connection.ReadOptionalTime(reader, 7),
                    LastCode = reader.IsDBNull(8) ? null : reader.GetInt32(8),
                    LastEnhancedCode = reader.IsDBNull(9) ? null : reader.GetString(9),
                    LastText = reader.IsDBNull(10) ? null : reader.GetString(10),
                    BounceClass = reader.IsDBNull(11) ? null : reader.GetString(11),
                    UpdatedAt = connection.ReadTime(reader, 12),
                });
            }
            return leased;
        }
        finally
        {
            connection.Release(command);
        }
    }
}
