using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Domains;

/// <summary>Finds a domain by name inside one workspace; another workspace's domain is simply not there.</summary>
internal static class DomainQueries
{
    public static async Task<Domain> FindAsync(
        ColdMailDbContext db,
        Workspace workspace,
        string name,
        CancellationToken cancellationToken)
    {
        var ascii = DomainName.TryNormalise(name, out var normalised, out _) ? normalised : name.Trim();
        return await db.Domains.FirstOrDefaultAsync(
                d => d.Name == ascii && d.WorkspaceId == workspace.Id, cancellationToken)
            ?? throw ResourceException.NotFound($"No domain named '{ascii}' in workspace '{workspace.Name}'.");
    }
}
