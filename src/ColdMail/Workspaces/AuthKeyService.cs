using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Workspaces;

/// <summary>
/// Creates, lists, switches and deletes the SMTP auth keys of a workspace's mailboxes. A secret leaves
/// this class once, in the result of <see cref="CreateAsync"/>; only its hash and hint are stored.
/// </summary>
public sealed class AuthKeyService(ColdMailDatabase database, TimeProvider time)
{
    public async Task<CreatedSecret<AuthKeySummary>> CreateAsync(
        Workspace workspace,
        string mailboxAddress,
        string name,
        string actor,
        CancellationToken cancellationToken)
    {
        var label = Label.Require(name, "key name");

        await using var db = database.CreateContext();
        var mailbox = await WorkspaceLookup.MailboxAsync(db, workspace, mailboxAddress, cancellationToken);
        if (await db.AuthKeys.AnyAsync(k => k.MailboxId == mailbox.Id && k.Name == label, cancellationToken))
        {
            throw ResourceException.Conflict(
                $"The mailbox '{mailbox.Address}' already has a key named '{label}'.");
        }

        var secret = SecretToken.Create(SecretToken.AuthKeyPrefix);
        var now = time.GetUtcNow();
        var key = new AuthKey
        {
            // Random rather than time-ordered, so that the short prefixes people type tell keys apart.
            Id = Guid.NewGuid(),
            MailboxId = mailbox.Id,
            Name = label,
            SecretHash = SecretToken.Hash(secret),
            Hint = SecretToken.Hint(secret),
            IsEnabled = true,
            CreatedAt = now,
        };
        db.AuthKeys.Add(key);
        AuditTrail.Record(db, workspace.Id, now, actor, "key.create", key.Id.ToString(),
            $"{label} for {mailbox.Address}");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedSecret<AuthKeySummary>(Summary(key, mailbox.Address), secret);
    }

    public async Task<IReadOnlyList<AuthKeySummary>> ListAsync(
        Workspace workspace,
        string mailboxAddress,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var mailbox = await WorkspaceLookup.MailboxAsync(db, workspace, mailboxAddress, cancellationToken);
        var keys = await db.AuthKeys.AsNoTracking()
            .Where(k => k.MailboxId == mailbox.Id)
            .OrderBy(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        return keys.Select(k => Summary(k, mailbox.Address)).ToList();
    }

    /// <summary>Switches one key and nothing else; <c>Changed</c> is false if it already was so.</summary>
    public async Task<(AuthKeySummary Key, bool Changed)> SetEnabledAsync(
        Workspace workspace,
        string id,
        bool enabled,
        string actor,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var (key, mailbox) = await FindAsync(db, workspace, KeyId.Parse(id), cancellationToken);
        if (key.IsEnabled == enabled)
        {
            return (Summary(key, mailbox), false);
        }

        key.IsEnabled = enabled;
        AuditTrail.Record(db, workspace.Id, time.GetUtcNow(), actor, enabled ? "key.enable" : "key.disable",
            key.Id.ToString(), $"{key.Name} of {mailbox}");
        await db.SaveChangesAsync(cancellationToken);
        return (Summary(key, mailbox), true);
    }

    public async Task<AuthKeySummary> DeleteAsync(
        Workspace workspace,
        string id,
        string actor,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var (key, mailbox) = await FindAsync(db, workspace, KeyId.Parse(id), cancellationToken);
        db.AuthKeys.Remove(key);
        AuditTrail.Record(db, workspace.Id, time.GetUtcNow(), actor, "key.delete", key.Id.ToString(),
            $"{key.Name} of {mailbox}");
        await db.SaveChangesAsync(cancellationToken);
        return Summary(key, mailbox);
    }

    /// <summary>The one key of this workspace the id names; keys of other workspaces are not found.</summary>
    private static async Task<(AuthKey Key, string Mailbox)> FindAsync(
        ColdMailDbContext db,
        Workspace workspace,
        KeyId id,
        CancellationToken cancellationToken)
    {
        // A workspace holds few keys; matching the prefix here keeps the query the same on both providers,
        // which store a Guid as text and as uuid.
        var ids = await (
            from k in db.AuthKeys
            join m in db.Mailboxes on k.MailboxId equals m.Id
            where m.WorkspaceId == workspace.Id
            select k.Id).ToListAsync(cancellationToken);
        var matches = ids.Where(id.Matches).Take(2).ToList();
        if (matches.Count == 0)
        {
            throw ResourceException.NotFound(
                $"The workspace '{workspace.Name}' has no key '{id.Text}'; see 'coldmail key list'.");
        }
        if (matches.Count > 1)
        {
            throw ResourceException.Invalid(
                $"Several keys start with '{id.Text}'; give more characters of the id.");
        }

        var found = matches[0];
        var key = await db.AuthKeys.FirstAsync(k => k.Id == found, cancellationToken);
        var mailbox = await db.Mailboxes.Where(m => m.Id == key.MailboxId)
            .Select(m => m.Address).FirstAsync(cancellationToken);
        return (key, mailbox);
    }

    private static AuthKeySummary Summary(AuthKey key, string mailbox) => new(
        key.Id, mailbox, key.Name, key.IsEnabled, key.Hint, key.CreatedAt, key.LastUsedAt, key.LastUsedFrom);
}
