using ColdMail.Storage;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Queue;

/// <summary>When and from where an auth key last logged in.</summary>
internal sealed class KeyUseWrite(Guid keyId, DateTimeOffset at, string from)
    : PendingWrite(CancellationToken.None)
{
    public override async Task StageAsync(ColdMailDbContext db, CancellationToken cancellationToken)
        => await db.AuthKeys
            .Where(k => k.Id == keyId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(k => k.LastUsedAt, at).SetProperty(k => k.LastUsedFrom, from),
                cancellationToken);
}
