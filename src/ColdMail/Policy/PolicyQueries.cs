using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Policy;

/// <summary>The reads the policy makes, each one indexed query on a short-lived context.</summary>
internal sealed class PolicyQueries(ColdMailDatabase database)
{
    /// <summary>
    /// Every key of the mailbox with this (normalised) address; empty when there is no such
    /// mailbox.
    /// </summary>
    public async Task<List<LoginCandidate>> LoginCandidatesAsync(
        string address,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await (
            from m in db.Mailboxes.AsNoTracking()
            where m.Address == address
            join k in db.AuthKeys.AsNoTracking() on m.Id equals k.MailboxId
            select new LoginCandidate(
                k.Id, k.SecretHash, k.IsEnabled, m.Id, m.DomainId, m.WorkspaceId, m.Address))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The key, mailbox and domain behind a session; null when any of them was removed.
    /// </summary>
    public async Task<SenderStanding?> StandingAsync(
        Guid authKeyId,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await (
            from k in db.AuthKeys.AsNoTracking()
            where k.Id == authKeyId
            join m in db.Mailboxes.AsNoTracking() on k.MailboxId equals m.Id
            join d in db.Domains.AsNoTracking() on m.DomainId equals d.Id
            select new SenderStanding(k.IsEnabled, m, d))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The workspace's suppression of this (normalised) address, if there is one.
    /// </summary>
    public async Task<Suppression?> SuppressionAsync(
        Guid workspaceId,
        string address,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Suppressions.AsNoTracking()
            .FirstOrDefaultAsync(
                s => s.WorkspaceId == workspaceId && s.Address == address,
                cancellationToken);
    }
}
