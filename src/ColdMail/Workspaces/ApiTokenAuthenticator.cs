using System.Data.Common;
using ColdMail.Storage;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Workspaces;

/// <summary>
/// Finds the API token a secret belongs to. Only the hash of a token is stored, so the secret is hashed and
/// looked up by its hash: the database compares hashes, never secrets, and what an index lookup's timing
/// could reveal about a hash does not help anyone find a secret with that hash (SHA-256 preimage).
/// </summary>
public sealed partial class ApiTokenAuthenticator(
    ColdMailDatabase database,
    TimeProvider time,
    ILogger<ApiTokenAuthenticator> logger)
{
    // Recording every use would write on every request; to the minute is enough to tell a token in use.
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>The caller the secret identifies, or null for a malformed, unknown or removed token.</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        // The checksum turns away typos and garbage without a database read.
        if (!SecretToken.IsWellFormed(secret, SecretToken.ApiTokenPrefix))
        {
            return null;
        }

        var hash = SecretToken.Hash(secret);
        await using var db = database.CreateContext();
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.SecretHash == hash)
            .Join(db.Workspaces, t => t.WorkspaceId, w => w.Id, (t, w) => new { Token = t, Workspace = w })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (found.Token.LastUsedAt is not { } last || now - last >= LastUseResolution)
        {
            await RecordUseAsync(db, found.Token.Id, now, cancellationToken);
        }
        return new ApiCaller(found.Workspace, found.Token.Role, found.Token.Id);
    }

    private async Task RecordUseAsync(
        ColdMailDbContext db,
        Guid tokenId,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // Conditional, so that requests racing each other write it once a minute between them.
        var stale = now - LastUseResolution;
        try
        {
            await db.ApiTokens
                .Where(t => t.Id == tokenId && (t.LastUsedAt == null || t.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }
        catch (DbException error)
        {
            // Bookkeeping only: a busy database must not turn a valid token away.
            LogUseNotRecorded(logger, error, tokenId);
        }
    }

    [LoggerMessage(7001, LogLevel.Warning, "Could not record the use of API token {TokenId}")]
    private static partial void LogUseNotRecorded(ILogger logger, Exception exception, Guid tokenId);
}
