using ColdMail.Logs;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Delivery;

/// <summary>The rows an outcome leaves behind: its email log entry and, for a hard bounce, a suppression.</summary>
internal static class DeliveryRecords
{
    public const string HardBounceReason = "hard-bounce";

    public static EmailLogEntry Entry(
        MessageInfo message,
        string recipient,
        DeliveryOutcome outcome,
        string @event,
        DateTimeOffset now)
    {
        var result = outcome.Result;
        var detail = (outcome, @event) switch
        {
            (Deferred deferred, EmailEvents.Deferred) =>
                $"{result.Text} Next attempt at {deferred.NextAttemptAt:yyyy-MM-dd HH:mm:ss}Z.",
            (Expired, EmailEvents.Expired) => $"Not delivered within the maximum age. Last attempt: {result.Text}",
            _ => result.Text,
        };
        return new EmailLogEntry
        {
            WorkspaceId = message.WorkspaceId,
            At = now,
            Event = @event,
            MessageId = message.Id,
            DomainId = message.DomainId,
            Mailbox = message.MailFrom,
            Recipient = recipient,
            Code = result.Code,
            EnhancedCode = result.EnhancedCode,
            Detail = detail,
            RemoteAddress = result.RemoteAddress,
            Host = result.Host,
            Tls = result.Tls,
        };
    }

    /// <summary>
    /// Adds the address to the workspace's suppression list with a <c>suppressed</c> log entry, in the
    /// caller's unit of work; false when it is listed already.
    /// </summary>
    public static async Task<bool> SuppressAsync(
        ColdMailDbContext db,
        MessageInfo message,
        string recipient,
        DeliveryOutcome outcome,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var address = recipient.ToLowerInvariant();
        var known = db.Suppressions.Local.Any(s => s.WorkspaceId == message.WorkspaceId && s.Address == address)
            || await db.Suppressions.AnyAsync(
                s => s.WorkspaceId == message.WorkspaceId && s.Address == address, cancellationToken);
        if (known)
        {
            return false;
        }
        var result = outcome.Result;
        db.Suppressions.Add(new Suppression
        {
            WorkspaceId = message.WorkspaceId,
            Address = address,
            Reason = HardBounceReason,
            Detail = $"{result.Code} {result.EnhancedCode} {result.Text}".Trim(),
            CreatedAt = now,
        });
        db.EmailLog.Add(Entry(message, recipient, outcome, EmailEvents.Suppressed, now));
        return true;
    }
}
