using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Policy;

/// <summary>
/// A mailbox ready to send: its domain, itself, one enabled key and that key's secret.
/// </summary>
public sealed record SeededSender(Domain Domain, Mailbox Mailbox, AuthKey Key, string Secret)
{
    public string Address => Mailbox.Address;
}

/// <summary>
/// Rows written straight into a test instance's database, as the admin verbs would leave them.
/// </summary>
public static class Seed
{
    public static async Task<Guid> DefaultWorkspaceAsync(TestInstance instance)
    {
        await using var db = instance.Database.CreateContext();
        return (await db.Workspaces.SingleAsync(w => w.Name == WorkspaceService.DefaultName)).Id;
    }

    public static async Task<SeededSender> SenderAsync(
        TestInstance instance,
        string address = "sales@acme.com",
        Action<Domain>? domain = null,
        Action<Mailbox>? mailbox = null)
    {
        var domainName = address[(address.IndexOf('@') + 1)..];
        await using var db = instance.Database.CreateContext();
        var existing = await db.Domains.SingleOrDefaultAsync(d => d.Name == domainName);
        var row = existing ?? new Domain
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = await DefaultWorkspaceAsync(instance),
            Name = domainName,
            CreatedAt = PolicyNode.DefaultStart,
            VerificationState = DomainVerificationState.Verified,
            VerifiedAt = PolicyNode.DefaultStart,
            MailboxDailyLimit = 0,
        };
        domain?.Invoke(row);
        if (existing is null)
        {
            db.Domains.Add(row);
        }

        var box = new Mailbox
        {
            Id = Guid.CreateVersion7(),
            WorkspaceId = row.WorkspaceId,
            DomainId = row.Id,
            Address = address,
            IsActive = true,
            CreatedAt = PolicyNode.DefaultStart,
        };
        mailbox?.Invoke(box);
        db.Mailboxes.Add(box);
        await db.SaveChangesAsync();
        var (key, secret) = await KeyAsync(instance, box.Id);
        return new SeededSender(row, box, key, secret);
    }

    public static async Task<(AuthKey Key, string Secret)> KeyAsync(
        TestInstance instance,
        Guid mailboxId,
        bool enabled = true)
    {
        var secret = SecretToken.Create(SecretToken.AuthKeyPrefix);
        var key = new AuthKey
        {
            Id = Guid.CreateVersion7(),
            MailboxId = mailboxId,
            Name = "campaign tool",
            SecretHash = SecretToken.Hash(secret),
            Hint = SecretToken.Hint(secret),
            IsEnabled = enabled,
            CreatedAt = PolicyNode.DefaultStart,
        };
        await using var db = instance.Database.CreateContext();
        db.AuthKeys.Add(key);
        await db.SaveChangesAsync();
        return (key, secret);
    }

    /// <summary>
    /// Changes rows of one kind where they stand, as an admin verb would while sessions run.
    /// </summary>
    public static async Task UpdateAsync<T>(TestInstance instance, Func<T, bool> match, Action<T> change)
        where T : class
    {
        await using var db = instance.Database.CreateContext();
        foreach (var row in (await db.Set<T>().ToListAsync()).Where(match))
        {
            change(row);
        }
        await db.SaveChangesAsync();
    }

    public static async Task SuppressAsync(TestInstance instance, Guid workspaceId, string address, string reason)
    {
        await using var db = instance.Database.CreateContext();
        db.Suppressions.Add(new Suppression
        {
            WorkspaceId = workspaceId,
            Address = address,
            Reason = reason,
            CreatedAt = PolicyNode.DefaultStart,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A small, well-formed message from the given header From.</summary>
    public static string Message(string from = "Sales Team <sales@acme.com>", string extraHeaders = "")
        => $"From: {from}\r\nTo: bob@example.com\r\nSubject: Quick question\r\n{extraHeaders}\r\nHello Bob,\r\n";
}
