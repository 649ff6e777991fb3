using ColdMail.Domains;
using ColdMail.Queue;

namespace ColdMail.Delivery;

/// <summary>
/// Writes a group's outcomes (<see cref="OutcomeWrite"/>) through the shared writer, so the outcomes of many
/// deliveries share one commit with each other and with acceptances, then logs and counts them.
/// </summary>
internal sealed partial class OutcomeRecorder(
    MessageAcceptor writer,
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
        // A suppression another node wrote a moment ago is kept by the insert (ON CONFLICT DO NOTHING), so two
        // nodes bouncing the same address never fail each other's writes.
        var write = new OutcomeWrite(owner, message, outcomes, time.GetUtcNow());
        await writer.SubmitAsync(write, cancellationToken);
        foreach (var (recipient, outcome) in outcomes)
        {
            if (!write.Written.Any(w => w.Recipient.Id == recipient.Id))
            {
                LogLeaseLost(logger, message.Id, recipient.Address, owner);
                continue;
            }
            LogOutcome(logger, message.Id, recipient.Address, outcome.Event, outcome.Result.Code,
                outcome.Result.EnhancedCode, outcome.Result.Host);
            DeliveryMetrics.Attempt(outcome);
        }
        foreach (var address in write.Suppressed)
        {
            LogSuppressed(logger, message.Id, address);
        }
        DeliveryMetrics.Suppressed(write.Suppressed.Count);
        if (write.Written.Any(w => w.Outcome is Bounced))
        {
            await autoPause.CheckAfterBounceAsync(message.DomainId, cancellationToken);
        }
        return write.Written.Count;
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
