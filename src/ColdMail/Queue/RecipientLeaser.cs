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
/// other's rows; on SQLite one conditional UPDATE claims them, atomic because SQLite has a single writer.
/// Lease writes are <see cref="WriteDurability.Relaxed"/>: one undone by a power cut leaves its rows due
/// again, and they are sent again, never lost.
/// </summary>
public sealed class RecipientLeaser(
    ColdMailDatabase database,
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
        await using var db = database.CreateContext(WriteDurability.Relaxed);
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        var leased = database.Provider == DatabaseProvider.Postgres
            ? await LeasePostgresAsync(db, owner, limit, now, until, cancellationToken)
            : await LeaseSqliteAsync(db, owner, limit, now, until, cancellationToken);
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

    private static Task<List<MessageRecipient>> LeasePostgresAsync(
        ColdMailDbContext db,
        string owner,
        int limit,
        DateTimeOffset now,
        DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        // One statement is one transaction: the locked rows are updated before any other node can look.
        return db.MessageRecipients.FromSql($"""
            WITH due AS (
                SELECT id FROM message_recipients
                WHERE (state IN ('Scheduled', 'Deferred') AND next_attempt_at <= {now})
                   OR (state = 'Delivering' AND lease_expires_at < {now})
                ORDER BY next_attempt_at, message_id, domain
                LIMIT {limit}
                FOR UPDATE SKIP LOCKED)
            UPDATE message_recipients AS r
            SET state = 'Delivering', lease_owner = {owner}, lease_expires_at = {until}, updated_at = {now}
            FROM due
            WHERE r.id = due.id
            RETURNING r.*
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    private static Task<List<MessageRecipient>> LeaseSqliteAsync(
        ColdMailDbContext db,
        string owner,
        int limit,
        DateTimeOffset now,
        DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        // Times are stored as UTC ticks on SQLite (see UtcTicksConverter); raw SQL compares ticks.
        long nowTicks = now.UtcTicks, untilTicks = until.UtcTicks;
        return db.MessageRecipients.FromSql($"""
            UPDATE message_recipients
            SET state = 'Delivering', lease_owner = {owner},
                lease_expires_at = {untilTicks}, updated_at = {nowTicks}
            WHERE id IN (
                SELECT id FROM message_recipients
                WHERE (state IN ('Scheduled', 'Deferred') AND next_attempt_at <= {nowTicks})
                   OR (state = 'Delivering' AND lease_expires_at < {nowTicks})
                ORDER BY next_attempt_at, message_id, domain
                LIMIT {limit})
              AND ((state IN ('Scheduled', 'Deferred') AND next_attempt_at <= {nowTicks})
                   OR (state = 'Delivering' AND lease_expires_at < {nowTicks}))
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
    }
}
