using ColdMail.Queue;
using ColdMail.Storage;
using ColdMail.Storage.Entities;

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

    private const string UpdateSql = """
        UPDATE message_recipients
        SET state = @p2, attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL,
            last_code = @p3, last_enhanced_code = @p4, last_text = @p5, updated_at = @p6,
            next_attempt_at = COALESCE(@p7, next_attempt_at),
            bounce_class = COALESCE(@p8, bounce_class)
        WHERE id = @p0 AND lease_owner = @p1 AND state = 'Delivering'
        """;

    public override async Task StageAsync(WriteSession session, CancellationToken cancellationToken)
    {
        // A write is staged again when its batch failed and it is retried alone.
        Written.Clear();
        Suppressed.Clear();
        foreach (var entry in outcomes)
        {
            var (recipient, outcome) = entry;
            if (await UpdateAsync(session, recipient, outcome, cancellationToken) == 0)
            {
                continue;
            }
            Written.Add(entry);
            await session.AppendLogAsync(
                DeliveryRecords.Entry(message, recipient.Address, outcome, outcome.Event, now), cancellationToken);
            if (outcome is Bounced { Class: BounceClass.Recipient } && await DeliveryRecords.SuppressAsync(
                session, message, recipient.Address, outcome, now, cancellationToken))
            {
                Suppressed.Add(recipient.Address);
            }
        }
    }

    private Task<int> UpdateAsync(
        WriteSession session,
        MessageRecipient recipient,
        DeliveryOutcome outcome,
        CancellationToken cancellationToken)
    {
        // One statement text for every outcome (it runs once per recipient and attempt): what an outcome
        // does not change is passed as null and kept by COALESCE.
        var result = outcome.Result;
        var nextAttempt = outcome is Deferred deferred ? deferred.NextAttemptAt : (DateTimeOffset?)null;
        var bounceClass = outcome is Bounced bounced ? bounced.Class.ToString().ToLowerInvariant() : null;
        return session.ExecuteAsync(UpdateSql, cancellationToken,
            recipient.Id, owner, outcome.State.ToString(), result.Code, result.EnhancedCode, result.Text, now,
            nextAttempt, bounceClass);
    }
}
