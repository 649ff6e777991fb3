using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Workspaces;

/// <summary>
/// Finds a workspace's domains and mailboxes by the names people type. A name that belongs to another
/// workspace is reported as unknown, so nothing about other teams can be learnt by guessing.
/// </summary>
internal static class WorkspaceLookup
{
    public static async Task<Domain> DomainAsync(
        ColdMailDbContext db,
        Workspace workspace,
        string name,
        CancellationToken cancellationToken)
    {
        var ascii = Domains.DomainName.Normalise(name);
        return await db.Domains.FirstOrDefaultAsync(
                d => d.WorkspaceId == workspace.Id && d.Name == ascii, cancellationToken)
            ?? throw ResourceException.NotFound(
                $"The workspace '{workspace.Name}' has no domain '{ascii}'; " +
                "add it with 'coldmail domain add'.");
    }

    public static async Task<Mailbox> MailboxAsync(
        ColdMailDbContext db,
        Workspace workspace,
        string address,
        CancellationToken cancellationToken)
    {
        var normalized = EmailAddress.Parse(address).Address;
        return await db.Mailboxes.FirstOrDefaultAsync(
                m => m.WorkspaceId == workspace.Id && m.Address == normalized, cancellationToken)
            ?? throw ResourceException.NotFound(
                $"The workspace '{workspace.Name}' has no mailbox '{normalized}'; " +
                "see 'coldmail mailbox list'.");
    }
}
