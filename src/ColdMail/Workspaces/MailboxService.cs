using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Workspaces;

/// <summary>
/// Adds, lists, switches and removes sender mailboxes. Every call reads the database afresh, so a running
/// server sees a change at the client's next SMTP command.
/// </summary>
public sealed class MailboxService(ColdMailDatabase database, TimeProvider time)
{
    public async Task<Mailbox> AddAsync(
        Workspace workspace,
        string address,
        string? displayName,
        string actor,
        CancellationToken cancellationToken)
    {
        var parsed = EmailAddress.Parse(address);
        var name = Label.Optional(displayName, "display name");

        await using var db = database.CreateContext();
        var domain = await WorkspaceLookup.DomainAsync(db, workspace, parsed.Domain, cancellationToken);
        // A failing domain was verified and is within its grace period; its mailboxes may still send.
        var verified = domain.VerificationState
            is DomainVerificationState.Verified or DomainVerificationState.Failing;
        if (!verified)
        {
            throw ResourceException.Invalid($"The domain '{domain.Name}' is not verified yet: publish " +
                $"its DNS records, then run 'coldmail domain verify {domain.Name}' before adding mailboxes.");
        }
        if (await db.Mailboxes.AnyAsync(m => m.Address == parsed.Address, cancellationToken))
        {
            throw ResourceException.Conflict($"The mailbox '{parsed.Address}' already exists.");
        }

        var now = time.GetUtcNow();
        var mailbox = new Mailbox
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = workspace.Id,
            DomainId = domain.Id,
            Address = parsed.Address,
            DisplayName = name,
            IsActive = true,
            CreatedAt = now,
        };
        db.Mailboxes.Add(mailbox);
        AuditTrail.Record(db, workspace.Id, now, actor, "mailbox.add", mailbox.Address, name);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique address index caught a concurrent add of the same address.
            throw ResourceException.Conflict($"The mailbox '{parsed.Address}' already exists.");
        }
        return mailbox;
    }

    /// <summary>The workspace's mailboxes by address, optionally only those of one domain.</summary>
    public async Task<IReadOnlyList<MailboxSummary>> ListAsync(
        Workspace workspace,
        string? domainName,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        Guid? domainId = domainName is null
            ? null
            : (await WorkspaceLookup.DomainAsync(db, workspace, domainName, cancellationToken)).Id;

        return await (
            from m in db.Mailboxes.AsNoTracking()
            join d in db.Domains on m.DomainId equals d.Id
            where m.WorkspaceId == workspace.Id && (domainId == null || m.DomainId == domainId)
            orderby m.Address
            select new MailboxSummary(
                m.Id,
                m.Address,
                m.DisplayName,
                m.IsActive,
                m.PausedAt != null,
                m.DailyLimit ?? d.MailboxDailyLimit,
                m.DailyLimit == null,
                db.AuthKeys.Count(k => k.MailboxId == m.Id),
                m.CreatedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>Activates or deactivates; returns false when the mailbox already was in that state.</summary>
    public async Task<bool> SetActiveAsync(
        Workspace workspace,
        string address,
        bool active,
        string actor,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var mailbox = await WorkspaceLookup.MailboxAsync(db, workspace, address, cancellationToken);
        if (mailbox.IsActive == active)
        {
            return false;
        }

        mailbox.IsActive = active;
        var action = active ? "mailbox.activate" : "mailbox.deactivate";
        AuditTrail.Record(db, workspace.Id, time.GetUtcNow(), actor, action, mailbox.Address);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Removes the mailbox and its keys together; returns how many keys went with it.</summary>
    public async Task<int> RemoveAsync(
        Workspace workspace,
        string address,
        string actor,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var mailbox = await WorkspaceLookup.MailboxAsync(db, workspace, address, cancellationToken);

        // Removed explicitly rather than left to the cascade, so one transaction holds both whatever the
        // provider's foreign-key settings.
        var keys = await db.AuthKeys.Where(k => k.MailboxId == mailbox.Id).ToListAsync(cancellationToken);
        db.AuthKeys.RemoveRange(keys);
        db.Mailboxes.Remove(mailbox);
        AuditTrail.Record(db, workspace.Id, time.GetUtcNow(), actor, "mailbox.remove", mailbox.Address,
            $"{keys.Count} key(s) removed");
        await db.SaveChangesAsync(cancellationToken);
        return keys.Count;
    }
}
