using ColdMail.Logs;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Delivery;

/// <summary>The rows an outcome leaves behind: its email log entry and, for a hard bounce, a suppression.</summary>
internal static class DeliveryRecords
{
    public const string HardBounceReason = "hard-bounce";

    // An address listed already (by an earlier bounce, an unsubscribe or an admin) keeps its first entry.
    private const string InsertSuppressionSql = """
        INSERT INTO suppressions (workspace_id, address, reason, detail, created_at)
        VALUES (@p0, @p1, @p2, @p3, @p4)
        ON CONFLICT (workspace_id, address) DO NOTHING
        """;

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
        var suppression = HardBounce(message, recipient, outcome, now);
        var known = db.Suppressions.Local.Any(
                s => s.WorkspaceId == message.WorkspaceId && s.Address == suppression.Address)
            || await db.Suppressions.AnyAsync(
                s => s.WorkspaceId == message.WorkspaceId && s.Address == suppression.Address, cancellationToken);
        if (known)
        {
            return false;
        }
        db.Suppressions.Add(suppression);
        db.EmailLog.Add(Entry(message, recipient, outcome, EmailEvents.Suppressed, now));
        return true;
    }

    /// <summary>The same, as statements of the shared writer's transaction.</summary>
    public static async Task<bool> SuppressAsync(
        WriteSession session,
        MessageInfo message,
        string recipient,
        DeliveryOutcome outcome,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var suppression = HardBounce(message, recipient, outcome, now);
        var added = await session.ExecuteAsync(InsertSuppressionSql, cancellationToken,
            suppression.WorkspaceId, suppression.Address, suppression.Reason, suppression.Detail,
            suppression.CreatedAt);
        if (added == 0)
        {
            return false;
        }
        var entry = Entry(message, recipient, outcome, EmailEvents.Suppressed, now);
        await session.AppendLogAsync(entry, cancellationToken);
        return true;
    }

    // Suppressions are kept in lower case: an address suppressed is suppressed in any case.
    private static Suppression HardBounce(
        MessageInfo message,
        string recipient,
        DeliveryOutcome outcome,
        DateTimeOffset now)
    {
        var result = outcome.Result;
        return new Suppression
        {
            WorkspaceId = message.WorkspaceId,
            Address = recipient.ToLowerInvariant(),
            Reason = HardBounceReason,
            Detail = $"{result.Code} {result.EnhancedCode} {result.Text}".Trim(),
            CreatedAt = now,
        };
    }
}
