using ColdMail.Logs;
using ColdMail.Storage;

namespace ColdMail.Queue;

/// <summary>
/// A failed login, filed under the workspace of the mailbox whose address was tried. A name that
/// belongs to no mailbox belongs to no workspace; such attempts reach only the operator's log.
/// </summary>
internal sealed class AuthFailureWrite(EmailLogRecord record, CancellationToken requestAborted)
    : PendingWrite(requestAborted)
{
    private const string OwnerSql = "SELECT workspace_id, domain_id FROM mailboxes WHERE address = @p0";

    public override async Task StageAsync(WriteSession session, CancellationToken cancellationToken)
    {
        var owner = await session.ReadFirstAsync(
            OwnerSql, reader => (Workspace: reader.GetGuid(0), Domain: reader.GetGuid(1)), cancellationToken,
            record.Mailbox);
        if (owner != default)
        {
            var filed = record with { WorkspaceId = owner.Workspace, DomainId = owner.Domain };
            await session.AppendLogAsync(filed.ToEntity(), cancellationToken);
        }
    }
}
