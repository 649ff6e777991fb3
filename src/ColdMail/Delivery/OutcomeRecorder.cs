using ColdMail.Domains;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Delivery;

/// <summary>
/// Writes a group's outcomes in one transaction: each recipient's new state, one email log entry per
/// recipient and attempt, and the suppression a hard bounce earns. A recipient whose lease this worker
/// no longer holds is left alone, so a worker that outlived its lease never overwrites the newer holder.
/// </summary>
internal sealed partial class OutcomeRecorder(
    ColdMailDatabase database,
    TimeProvider time,
    AutoPause autoPause,
    ILogger<OutcomeRecorder> logger)
{
    /// <summary>Writes the outcomes; returns how many recipients <paramref name="owner"/> still held.</summary>
    public async Task<int> RecordAsync(
        string owner,
        MessageInfo message,
        IReadOnlyList<RecipientOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync(owner, message, outcomes, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another node suppressed the same address a moment ago and won the unique index; the whole
                // transaction rolled back, and the next try sees its row.
            }
        }
    }

    private async Task<int> WriteAsync(
        string owner,
        MessageInfo message,
        IReadOnlyList<RecipientOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        var (written, suppressed) = await CommitAsync(owner, message, outcomes, cancellationToken);
        written.ForEach(DeliveryMetrics.Attempt);
        DeliveryMetrics.Suppressed(suppressed);
        if (written.Any(o => o is Bounced))
        {
            await autoPause.CheckAfterBounceAsync(message.DomainId, cancellationToken);
        }
        return written.Count;
    }

    private async Task<(List<DeliveryOutcome> Written, int Suppressed)> CommitAsync(
        string owner,
        MessageInfo message,
        IReadOnlyList<RecipientOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        // Relaxed: an outcome undone by a power cut leaves its recipient leased, and the message is sent again
        // once the lease runs out (a duplicate, never a loss, RFC 5321 §6.1).
        await using var db = database.CreateContext(WriteDurability.Relaxed);
        using var turn = await database.TakeWriteTurnAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var written = new List<DeliveryOutcome>();
        var suppressed = 0;
        foreach (var (recipient, outcome) in outcomes)
        {
            if (await UpdateAsync(db, owner, recipient, outcome, now, cancellationToken) == 0)
            {
                LogLeaseLost(logger, message.Id, recipient.Address, owner);
                continue;
            }
            written.Add(outcome);
            db.EmailLog.Add(DeliveryRecords.Entry(message, recipient.Address, outcome, outcome.Event, now));
            if (outcome is Bounced { Class: BounceClass.Recipient } && await DeliveryRecords.SuppressAsync(
                db, message, recipient.Address, outcome, now, cancellationToken))
            {
                suppressed++;
                LogSuppressed(logger, message.Id, recipient.Address);
            }
            LogOutcome(logger, message.Id, recipient.Address, outcome.Event, outcome.Result.Code,
                outcome.Result.EnhancedCode, outcome.Result.Host);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (written, suppressed);
    }

    private static Task<int> UpdateAsync(
        ColdMailDbContext db,
        string owner,
        MessageRecipient recipient,
        DeliveryOutcome outcome,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // One statement text for every outcome (it runs once per recipient and attempt): what an outcome
        // does not change is passed as null and kept by COALESCE.
        var result = outcome.Result;
        var state = outcome.State.ToString();
        var nextAttempt = outcome is Deferred deferred ? deferred.NextAttemptAt : (DateTimeOffset?)null;
        var bounceClass = outcome is Bounced bounced ? bounced.Class.ToString().ToLowerInvariant() : null;
        var delivering = nameof(RecipientState.Delivering);
        if (db is SqliteColdMailDbContext)
        {
            // Times are UTC ticks on SQLite (UtcTicksConverter).
            long nowTicks = now.UtcTicks;
            long? nextTicks = nextAttempt?.UtcTicks;
            return db.Database.ExecuteSqlAsync($"""
                UPDATE message_recipients
                SET state = {state}, attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL,
                    last_code = {result.Code}, last_enhanced_code = {result.EnhancedCode},
                    last_text = {result.Text}, updated_at = {nowTicks},
                    next_attempt_at = COALESCE({nextTicks}, next_attempt_at),
                    bounce_class = COALESCE({bounceClass}, bounce_class)
                WHERE id = {recipient.Id} AND lease_owner = {owner} AND state = {delivering}
                """, cancellationToken);
        }
        return db.Database.ExecuteSqlAsync($"""
            UPDATE message_recipients
            SET state = {state}, attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL,
                last_code = {result.Code}, last_enhanced_code = {result.EnhancedCode},
                last_text = {result.Text}, updated_at = {now},
                next_attempt_at = COALESCE({nextAttempt}, next_attempt_at),
                bounce_class = COALESCE({bounceClass}, bounce_class)
            WHERE id = {recipient.Id} AND lease_owner = {owner} AND state = {delivering}
            """, cancellationToken);
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information,
        Message = "Message {MessageId} to {Recipient}: {Event} ({Code} {EnhancedCode}) at {Host}")]
    private static partial void LogOutcome(
        ILogger logger,
        Guid messageId,
        string recipient,
        string @event,
        int? code,
        string? enhancedCode,
        string? host);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information,
        Message = "Message {MessageId}: {Recipient} hard-bounced and is now suppressed for the workspace")]
    private static partial void LogSuppressed(ILogger logger, Guid messageId, string recipient);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning,
        Message = "Message {MessageId} to {Recipient}: the lease of {Owner} ran out before the outcome was " +
            "written; the worker that holds it now decides")]
    private static partial void LogLeaseLost(ILogger logger, Guid messageId, string recipient, string owner);
}
