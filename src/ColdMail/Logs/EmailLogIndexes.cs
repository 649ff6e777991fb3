using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Logs;

/// <summary>
/// Which index a search of the log reads on SQLite. SQLite keeps no statistics unless ANALYZE runs, so
/// left to itself it guesses, and a guess that reads the time index for a common event sorts a month of
/// entries. A search therefore names its index: that of the rarest filter given (a message has a few
/// entries, a recipient some, a mailbox hundreds, a domain thousands, a reply code or event tens of
/// thousands), which walks ids newest first and checks the other filters on the way; for time alone,
/// the walk down the ids or the time index, whichever reads fewer entries. PostgreSQL keeps statistics
/// and plans for itself.
/// </summary>
internal static class EmailLogIndexes
{
    public const string Ids = "ix_email_log_workspace_id_id_at";
    public const string Times = "ix_email_log_workspace_id_at";
    public const string Domains = "ix_email_log_workspace_id_domain_id_id_at_event_code";
    public const string Events = "ix_email_log_workspace_id_event_id_at";
    public const string Codes = "ix_email_log_workspace_id_code_id_at_event";
    public const string Mailboxes = EmailLogSearchSchema.MailboxIndex;
    public const string Recipients = EmailLogSearchSchema.RecipientIndex;
    public const string Messages = "ix_email_log_message_id";

    // Reading the time index costs about four times a step of the walk per entry, for the sort of the
    // ids it needs (measured with bench/log-search; see docs/performance.md).
    private const int TimeIndexCost = 4;

    private static readonly Dictionary<string, string> Sources = new[]
    {
        Ids, Times, Domains, Events, Codes, Mailboxes, Recipients, Messages,
    }.ToDictionary(index => index, index => $"SELECT * FROM email_log INDEXED BY {index}");

    /// <summary>
    /// The index a search with the filter should read on SQLite, or null on PostgreSQL. Pages newest first
    /// (<paramref name="newest"/>) may read a time window long past through the time index; a follower
    /// reading forward always walks the ids.
    /// </summary>
    public static async Task<string?> ChooseAsync(
        ColdMailDbContext db,
        Workspace workspace,
        EmailLogFilter filter,
        bool newest,
        long? beforeId,
        CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }
        return OfRarestFilter(filter)
            ?? (newest ? await ForTimeAsync(db, workspace, filter, beforeId, cancellationToken) : Ids);
    }

    /// <summary>The log read through the index, or as the database likes when it is null.</summary>
    public static IQueryable<EmailLogEntry> Source(ColdMailDbContext db, string? index)
        => index is null ? db.EmailLog : db.EmailLog.FromSqlRaw(Sources[index]);

    /// <summary>The index of the rarest filter given besides time, or null when there is none.</summary>
    public static string? OfRarestFilter(EmailLogFilter filter)
    {
        if (filter.MessageId is not null)
        {
            return Messages;
        }
        if (!string.IsNullOrWhiteSpace(filter.Recipient))
        {
            return Recipients;
        }
        if (!string.IsNullOrWhiteSpace(filter.Mailbox))
        {
            return Mailboxes;
        }
        if (filter.Domain is not null)
        {
            return Domains;
        }
        if (filter.Code is not null)
        {
            return Codes;
        }
        return string.IsNullOrWhiteSpace(filter.Event) ? null : Events;
    }

    /// <summary>
    /// Walking down the ids reads every entry newer than the window before reaching it; the time index
    /// reads every entry in the window and sorts them. Entries are written in time order, so the ids at
    /// the window's ends tell how many each way reads; they steer only, the answer is the same.
    /// </summary>
    private static async Task<string> ForTimeAsync(
        ColdMailDbContext db,
        Workspace workspace,
        EmailLogFilter filter,
        long? beforeId,
        CancellationToken cancellationToken)
    {
        if (filter.Until?.ToUniversalTime() is not { } until)
        {
            // The window reaches the newest entries, which the walk reads first.
            return Ids;
        }
        var top = beforeId ?? await db.EmailLog.Where(l => l.WorkspaceId == workspace.Id)
            .MaxAsync(l => (long?)l.Id, cancellationToken) ?? 0;
        var end = await FirstIdFromAsync(db, workspace, until, cancellationToken) ?? top;
        if (end >= top)
        {
            return Ids;
        }
        var start = filter.Since?.ToUniversalTime() is { } since
            ? await FirstIdFromAsync(db, workspace, since, cancellationToken) ?? end
            : 0;
        return (end - start) * TimeIndexCost < top - end ? Times : Ids;
    }

    private static Task<long?> FirstIdFromAsync(
        ColdMailDbContext db,
        Workspace workspace,
        DateTimeOffset moment,
        CancellationToken cancellationToken)
        => db.EmailLog.Where(l => l.WorkspaceId == workspace.Id && l.At >= moment)
            .OrderBy(l => l.At)
            .Select(l => (long?)l.Id)
            .FirstOrDefaultAsync(cancellationToken);
}
