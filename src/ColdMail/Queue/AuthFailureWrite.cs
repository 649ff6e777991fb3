using ColdMail.Logs;
using ColdMail.Storage;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Queue;

/// <summary>
/// A failed login, filed under the workspace of the mailbox whose address was tried. A name that
/// belongs to no mailbox belongs to no workspace; such attempts reach only the operator's log.
/// </summary>
internal sealed class AuthFailureWrite(EmailLogRecord record, CancellationToken requestAborted)
    : PendingWrite(requestAborted)
{
    public override async Task StageAsync(ColdMailDbContext db, CancellationToken cancellationToken)
    {
        var owner = await db.Mailboxes.AsNoTracking()
            .Where(m => m.Address == record.Mailbox)
            .Select(m => new { m.WorkspaceId, m.DomainId })
            .FirstOrDefaultAsync(cancellationToken);
        if (owner is not null)
        {
            var filed = record with { WorkspaceId = owner.WorkspaceId, DomainId = owner.DomainId };
            db.EmailLog.Add(filed.ToEntity());
        }
    }
}
