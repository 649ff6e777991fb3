using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Policy;

/// <summary>
/// The reads the policy makes, each one indexed query on a short-lived context. They run several times per
/// message, so they are compiled once: a query built from an expression each time costs more than the
/// database spends answering it.
/// </summary>
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
        var candidates = new List<LoginCandidate>();
        var query = db switch
        {
            SqliteColdMailDbContext sqlite => Compiled<SqliteColdMailDbContext>.Candidates(sqlite, address),
            _ => Compiled<PostgresColdMailDbContext>.Candidates((PostgresColdMailDbContext)db, address),
        };
        await foreach (var candidate in query.WithCancellation(cancellationToken))
        {
            candidates.Add(candidate);
        }
        return candidates;
    }

    /// <summary>
    /// The key, mailbox and domain behind a session; null when any of them was removed.
    /// </summary>
    public async Task<SenderStanding?> StandingAsync(
        Guid authKeyId,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await (db switch
        {
            SqliteColdMailDbContext sqlite => Compiled<SqliteColdMailDbContext>.Standing(
                sqlite, authKeyId, cancellationToken),
            _ => Compiled<PostgresColdMailDbContext>.Standing(
                (PostgresColdMailDbContext)db, authKeyId, cancellationToken),
        });
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
        return await (db switch
        {
            SqliteColdMailDbContext sqlite => Compiled<SqliteColdMailDbContext>.Suppressed(
                sqlite, workspaceId, address, cancellationToken),
            _ => Compiled<PostgresColdMailDbContext>.Suppressed(
                (PostgresColdMailDbContext)db, workspaceId, address, cancellationToken),
        });
    }

    // A compiled query belongs to one model, so each provider's context type has its own.
    private static class Compiled<TContext>
        where TContext : ColdMailDbContext
    {
        public static readonly Func<TContext, string, IAsyncEnumerable<LoginCandidate>> Candidates =
            EF.CompileAsyncQuery((TContext db, string address) =>
                from m in db.Mailboxes.AsNoTracking()
                where m.Address == address
                join k in db.AuthKeys.AsNoTracking() on m.Id equals k.MailboxId
                select new LoginCandidate(
                    k.Id, k.SecretHash, k.IsEnabled, m.Id, m.DomainId, m.WorkspaceId, m.Address));

        public static readonly Func<TContext, Guid, CancellationToken, Task<SenderStanding?>> Standing =
            EF.CompileAsyncQuery((TContext db, Guid authKeyId, CancellationToken cancellationToken) => (
                from k in db.AuthKeys.AsNoTracking()
                where k.Id == authKeyId
                join m in db.Mailboxes.AsNoTracking() on k.MailboxId equals m.Id
                join d in db.Domains.AsNoTracking() on m.DomainId equals d.Id
                select new SenderStanding(k.IsEnabled, m, d))
                .FirstOrDefault());

        public static readonly Func<TContext, Guid, string, CancellationToken, Task<Suppression?>> Suppressed =
            EF.CompileAsyncQuery(
                (TContext db, Guid workspaceId, string address, CancellationToken cancellationToken) =>
                    db.Suppressions.AsNoTracking()
                        .FirstOrDefault(s => s.WorkspaceId == workspaceId && s.Address == address));
    }
}
