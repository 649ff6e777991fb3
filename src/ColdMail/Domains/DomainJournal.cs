using ColdMail.Storage;
using ColdMail.Storage.Entities;

namespace ColdMail.Domains;

/// <summary>
/// Writes what happened to a domain into the audit trail and, for events a team watches, the email log;
/// both are added to the caller's context and saved with the change itself.
/// </summary>
internal static class DomainJournal
{
    public static void Write(
        ColdMailDbContext db,
        Domain domain,
        DateTimeOffset at,
        string actor,
        string action,
        string? logEvent,
        string detail)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            WorkspaceId = domain.WorkspaceId,
            At = at,
            Actor = actor,
            Action = action,
            Target = domain.Name,
            Detail = detail,
        });
        if (logEvent is not null)
        {
            db.EmailLog.Add(new EmailLogEntry
            {
                WorkspaceId = domain.WorkspaceId,
                At = at,
                Event = logEvent,
                DomainId = domain.Id,
                Detail = detail,
            });
        }
    }
}
