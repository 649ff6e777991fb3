using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Workspaces;

/// <summary>Creates, lists and resolves workspaces, the boundary every other resource lives in.</summary>
public sealed class WorkspaceService(ColdMailDatabase database, TimeProvider time)
{
    public const string DefaultName = "default";

    public async Task<Workspace> AddAsync(string name, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 100 || trimmed.Any(char.IsControl))
        {
            throw ResourceException.Invalid(
                $"'{name}' is not a usable workspace name (1 to 100 printable characters).");
        }

        await using var db = database.CreateContext();
        if (await db.Workspaces.AnyAsync(w => w.Name == trimmed, cancellationToken))
        {
            throw ResourceException.Conflict($"A workspace named '{trimmed}' already exists.");
        }
        var workspace = new Workspace { Id = Guid.CreateVersion7(), Name = trimmed, CreatedAt = time.GetUtcNow() };
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(cancellationToken);
        return workspace;
    }

    public async Task<IReadOnlyList<Workspace>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.Workspaces.AsNoTracking().OrderBy(w => w.Name).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The workspace a command works in: the one named, or the only one. Naming none while several exist is
    /// a mistake, so a command never lands in the wrong team by accident.
    /// </summary>
    public async Task<Workspace> ResolveAsync(string? name, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        if (!string.IsNullOrWhiteSpace(name))
        {
            var trimmed = name.Trim();
            return await db.Workspaces.AsNoTracking().FirstOrDefaultAsync(w => w.Name == trimmed, cancellationToken)
                ?? throw ResourceException.NotFound($"No workspace is named '{trimmed}'.");
        }
        var all = await db.Workspaces.AsNoTracking().OrderBy(w => w.Name).Take(10).ToListAsync(cancellationToken);
        return all.Count switch
        {
            1 => all[0],
            0 => throw ResourceException.NotFound(
                "There is no workspace yet; create one with 'coldmail workspace add'."),
            _ => throw ResourceException.Invalid(
                $"Several workspaces exist ({string.Join(", ", all.Select(w => w.Name))}); name one with --workspace."),
        };
    }

    /// <summary>A fresh install gets one workspace named <c>default</c>.</summary>
    public async Task EnsureDefaultAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        if (await db.Workspaces.AnyAsync(cancellationToken))
        {
            return;
        }
        var workspace = new Workspace { Id = Guid.CreateVersion7(), Name = DefaultName, CreatedAt = time.GetUtcNow() };
        db.Workspaces.Add(workspace);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process created it at the same moment; the unique name keeps one.
        }
    }
}
