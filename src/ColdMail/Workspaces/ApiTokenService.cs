using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Workspaces;

/// <summary>Creates bearer tokens for the HTTP API, each scoped to one workspace with one role.</summary>
public sealed class ApiTokenService(ColdMailDatabase database, TimeProvider time)
{
    public async Task<CreatedSecret<ApiTokenSummary>> CreateAsync(
        Workspace workspace,
        string name,
        Role role,
        string actor,
        CancellationToken cancellationToken)
    {
        var label = Label.Require(name, "token name");

        await using var db = database.CreateContext();
        if (await db.ApiTokens.AnyAsync(
                t => t.WorkspaceId == workspace.Id && t.Name == label, cancellationToken))
        {
            throw ResourceException.Conflict(
                $"The workspace '{workspace.Name}' already has a token named '{label}'.");
        }

        var secret = SecretToken.Create(SecretToken.ApiTokenPrefix);
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspace.Id,
            Name = label,
            Role = role,
            SecretHash = SecretToken.Hash(secret),
            Hint = SecretToken.Hint(secret),
            CreatedAt = now,
        };
        db.ApiTokens.Add(token);
        AuditTrail.Record(db, workspace.Id, now, actor, "token.create", token.Id.ToString(),
            $"{label} ({Roles.Name(role)})");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedSecret<ApiTokenSummary>(
            new ApiTokenSummary(token.Id, token.Name, token.Role, token.Hint, token.CreatedAt), secret);
    }
}
