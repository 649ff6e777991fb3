using ColdMail.Common;
using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdMail.Domains;

/// <summary>Adds, lists, shows and removes a workspace's sending domains; rotates keys; verifies.</summary>
public sealed class DomainService(
    ColdMailDatabase database,
    DkimKeyFactory keyFactory,
    DomainVerifier verifier,
    IOptions<ColdMailOptions> options,
    TimeProvider time)
{
    /// <summary>Adds a domain with its first DKIM key, Pending until the domain verifies.</summary>
    public async Task<DomainDetails> AddAsync(
        Workspace workspace,
        string name,
        string actor,
        CancellationToken cancellationToken)
    {
        var ascii = DomainName.Normalise(name);

        await using var db = database.CreateContext();
        // Names are unique across the installation: two teams cannot both sign for one domain.
        if (await db.Domains.AnyAsync(d => d.Name == ascii, cancellationToken))
        {
            throw ResourceException.Conflict($"The domain '{ascii}' is already added on this server.");
        }
        var now = time.GetUtcNow();
        var domain = new Domain
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = workspace.Id,
            Name = ascii,
            CreatedAt = now,
            VerificationState = DomainVerificationState.Pending,
            MailboxDailyLimit = options.Value.Domains.DefaultMailboxDailyLimit,
        };
        var key = keyFactory.Create(domain.Id, []);
        db.Domains.Add(domain);
        db.DkimKeys.Add(key);
        DomainJournal.Write(db, domain, now, actor, "domain.add", null,
            $"Added with DKIM selector {key.Selector}.");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Added by another process between the check and the save; the unique name kept one.
            throw ResourceException.Conflict($"The domain '{ascii}' is already added on this server.");
        }
        return Details(domain, [key], []);
    }

    public async Task<IReadOnlyList<Domain>> ListAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Domains.AsNoTracking().Where(d => d.WorkspaceId == workspace.Id)
            .OrderBy(d => d.Name).ToListAsync(cancellationToken);
    }

    public async Task<DomainDetails> GetAsync(Workspace workspace, string name, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var domain = await DomainQueries.FindAsync(db, workspace, name, cancellationToken);
        var keys = await db.DkimKeys.AsNoTracking().Where(k => k.DomainId == domain.Id)
            .OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);
        var checks = await db.DnsRecordChecks.AsNoTracking().Where(c => c.DomainId == domain.Id)
            .ToListAsync(cancellationToken);
        return Details(domain, keys, [.. checks.OrderBy(c => RecordKinds.Order(c.Kind))]);
    }

    public async Task<DomainVerification> VerifyAsync(
        Workspace workspace,
        string name,
        string actor,
        CancellationToken cancellationToken)
    {
        Guid id;
        await using (var db = database.CreateContext())
        {
            id = (await DomainQueries.FindAsync(db, workspace, name, cancellationToken)).Id;
        }
        return await verifier.VerifyAsync(id, actor, cancellationToken);
    }

    /// <summary>
    /// Starts a DKIM rotation: a new Pending key whose record the owner publishes beside the current one.
    /// Verification activates it once its record is found and retires the old key in the same step.
    /// </summary>
    public async Task<DkimKey> RotateDkimAsync(
        Workspace workspace,
        string name,
        string actor,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var domain = await DomainQueries.FindAsync(db, workspace, name, cancellationToken);
        var keys = await db.DkimKeys.Where(k => k.DomainId == domain.Id).ToListAsync(cancellationToken);
        if (keys.FirstOrDefault(k => k.State == DkimKeyState.Pending) is { } pending)
        {
            var why = keys.Any(k => k.State == DkimKeyState.Active)
                ? "a rotation is already waiting for its record"
                : "its first key is not active yet; verify the domain first";
            throw ResourceException.Conflict(
                $"Cannot rotate the DKIM key of '{domain.Name}': {why} (selector {pending.Selector}).");
        }
        var key = keyFactory.Create(domain.Id, [.. keys.Select(k => k.Selector)]);
        db.DkimKeys.Add(key);
        DomainJournal.Write(db, domain, time.GetUtcNow(), actor, "domain.rotate-dkim", null,
            $"New DKIM selector {key.Selector} waits for its record.");
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    /// <summary>Removes a domain and its keys; refused while it has mailboxes or mail waiting to go out.</summary>
    public async Task RemoveAsync(Workspace workspace, string name, string actor, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var domain = await DomainQueries.FindAsync(db, workspace, name, cancellationToken);
        var mailboxes = await db.Mailboxes.CountAsync(m => m.DomainId == domain.Id, cancellationToken);
        if (mailboxes > 0)
        {
            throw ResourceException.Conflict(
                $"The domain '{domain.Name}' still has {mailboxes} mailbox(es); remove them first.");
        }
        var waiting = await db.Messages.Where(m => m.DomainId == domain.Id)
            .SelectMany(m => m.Recipients)
            .AnyAsync(r => r.State == RecipientState.Scheduled || r.State == RecipientState.Delivering
                || r.State == RecipientState.Deferred, cancellationToken);
        if (waiting)
        {
            throw ResourceException.Conflict(
                $"The domain '{domain.Name}' still has mail waiting for delivery, which needs its DKIM key.");
        }
        db.Domains.Remove(domain);
        DomainJournal.Write(db, domain, time.GetUtcNow(), actor, "domain.remove", null, "Removed with its keys.");
        await db.SaveChangesAsync(cancellationToken);
    }

    public DomainDetails Details(Domain domain, IReadOnlyList<DkimKey> keys, IReadOnlyList<DnsRecordCheck> checks) =>
        new(domain, keys, checks, DomainRecords.For(domain, keys, options.Value, time.GetUtcNow()));
}
