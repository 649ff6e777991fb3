using ColdMail.Storage;
using ColdMail.Storage.Entities;

namespace ColdMail.Workspaces;

/// <summary>
/// Adds the audit entry of a change to the same context as the change, so that both are committed
/// together or not at all.
/// </summary>
internal static class AuditTrail
{
    public static void Record(
        ColdMailDbContext db,
        Guid workspaceId,
        DateTimeOffset at,
        string actor,
        string action,
        string target,
        string? detail = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            WorkspaceId = workspaceId,
            At = at,
            Actor = actor,
            Action = action,
            Target = target,
            Detail = detail,
        });
    }
}
