using System.Collections.Concurrent;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Dkim;

/// <summary>
/// The active keys of a domain, decrypted, for signing. Keys are kept for a minute so that a busy queue does
/// not read and decrypt them for every message; a rotation is seen within that minute, and the retired key's
/// record stays published for days, so mail signed meanwhile still verifies.
/// </summary>
public sealed class DkimKeyProvider(ColdMailDatabase database, DkimKeyProtector protector, TimeProvider time)
    : IDkimKeyProvider
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, (DateTimeOffset Until, IReadOnlyList<DkimSigningKey> Keys)> _cache
        = new();

    public async ValueTask<IReadOnlyList<DkimSigningKey>> GetSigningKeysAsync(
        Guid domainId,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(domainId, out var cached) && cached.Until > now)
        {
            return cached.Keys;
        }

        await using var db = database.CreateContext();
        var rows = await db.DkimKeys.AsNoTracking()
            .Where(k => k.DomainId == domainId && k.State == DkimKeyState.Active)
            .Join(db.Domains, k => k.DomainId, d => d.Id, (k, d) => new { Key = k, Domain = d.Name })
            .ToListAsync(cancellationToken);
        IReadOnlyList<DkimSigningKey> keys =
        [
            .. rows.Select(r => new DkimSigningKey(
                r.Domain, r.Key.Selector, r.Key.Algorithm, protector.Unprotect(r.Key.ProtectedPrivateKey))),
        ];
        _cache[domainId] = (now + CacheFor, keys);
        return keys;
    }
}
