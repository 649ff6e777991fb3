using ColdMail.Queue;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Delivery;

/// <summary>
/// The outcomes of one delivery attempt as a write of the shared writer: each recipient's new state, one
/// email log entry per recipient, and the suppression a hard bounce earns. A recipient whose lease the
/// worker no longer holds is left alone, so a worker that outlived its lease never overwrites the newer
/// holder. What was written is known once the write commits.
/// </summary>
internal sealed class OutcomeWrite(
    string owner,
    MessageInfo message,
    IReadOnlyList<RecipientOutcome> outcomes,
    DateTimeOffset now) : PendingWrite(CancellationToken.None)
{
    /// <summary>The outcomes written, in order; the others' leases were lost.</summary>
    public List<RecipientOutcome> Written { get; } = [];

    /// <summary>The recipients newly put on the suppression list.</summary>
    public List<string> Suppressed { get; } = [];

    public override async Task StageAsync(ColdMailDbContext db, CancellationToken cancellationToken)
    {
        // A write is staged again when its batch failed and it is retried alone.
        Written.Clear();
        Suppressed.Clear();
        foreach (var entry in outcomes)
        {
            var (recipient, outcome) = entry;
            if (await UpdateAsync(db, recipient, outcome, cancellationToken) == 0)
            {
                continue;
            }
            Written.Add(entry);
            db.EmailLog.Add(DeliveryRecords.Entry(message, recipient.Address, outcome, outcome.Event, now));
            if (outcome is Bounced { Class: BounceClass.Recipient } && await DeliveryRecords.SuppressAsync(
                db, message, recipient.Address, outcome, now, cancellationToken))
            {
                Suppressed.Add(recipient.Address);
            }
        }
    }

    private Task<int> UpdateAsync(
        ColdMailDbContext db,
        MessageRecipient recipient,
        DeliveryOutcome outcome,
        CancellationToken cancellationToken)
    {
        // One statement text for every outcome (it runs once per recipient and attempt): what an outcome
        // does not change is passed as null and kept by COALESCE.
        var result = outcome.Result;
        var state = outcome.State.ToString();
        var nextAttempt = outcome is Deferred deferred ? deferred.NextAttemptAt : (DateTimeOffset?)null;
        var bounceClass = outcome is Bounced bounced ? bounced.Class.ToString().ToLowerInvariant() : null;
        var delivering = nameof(RecipientState.Delivering);
        // Times are UTC ticks on SQLite (UtcTicksConverter) and timestamptz on PostgreSQL.
        var sqlite = db is SqliteColdMailDbContext;
        object at = sqlite ? now.UtcTicks : now;
        object? next = nextAttempt is { } due ? (sqlite ? due.UtcTicks : due) : null;
        return db.Database.ExecuteSqlAsync($"""
            UPDATE message_recipients
            SET state = {state}, attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL,
                last_code = {result.Code}, last_enhanced_code = {result.EnhancedCode},
                last_text = {result.Text}, updated_at = {at},
                next_attempt_at = COALESCE({next}, next_attempt_at),
                bounce_class = COALESCE({bounceClass}, bounce_class)
            WHERE id = {recipient.Id} AND lease_owner = {owner} AND state = {delivering}
            """, cancellationToken);
    }
}
