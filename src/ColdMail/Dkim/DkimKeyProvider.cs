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

    // One load per domain at a time: when the entry runs out under load, the deliveries that find it stale
    // share the reload instead of each reading and decrypting the keys.
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset Until, Task<IReadOnlyList<DkimSigningKey>> Keys)>
        _cache = new();

    public async ValueTask<IReadOnlyList<DkimSigningKey>> GetSigningKeysAsync(
        Guid domainId,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            if (_cache.TryGetValue(domainId, out var cached) && cached.Until > now)
            {
                try
                {
                    return await cached.Keys.WaitAsync(cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested && cached.Keys.IsFaulted)
                {
                    // A failed load is not kept: the next caller tries again.
                    _cache.TryRemove(new KeyValuePair<Guid, (DateTimeOffset, Task<IReadOnlyList<DkimSigningKey>>)>(
                        domainId, cached));
                    throw;
                }
            }
            var load = new TaskCompletionSource<IReadOnlyList<DkimSigningKey>>(
                TaskCreationOptions.RunContinuationsAsynchronously);
            var entry = (now + CacheFor, load.Task);
            var won = cached.Keys is null
                ? _cache.TryAdd(domainId, entry)
                : _cache.TryUpdate(domainId, entry, cached);
            if (!won)
            {
                continue;
            }
            try
            {
                load.SetResult(await LoadAsync(domainId, CancellationToken.None));
            }
            catch (Exception exception)
            {
                _cache.TryRemove(new KeyValuePair<Guid, (DateTimeOffset, Task<IReadOnlyList<DkimSigningKey>>)>(
                    domainId, entry));
                load.SetException(exception);
                throw;
            }
            return await load.Task;
        }
    }

    private async Task<IReadOnlyList<DkimSigningKey>> LoadAsync(Guid domainId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var rows = await db.DkimKeys.AsNoTracking()
            .Where(k => k.DomainId == domainId && k.State == DkimKeyState.Active)
            .Join(db.Domains, k => k.DomainId, d => d.Id, (k, d) => new { Key = k, Domain = d.Name })
            .ToListAsync(cancellationToken);
        return
        [
            .. rows.Select(r => new DkimSigningKey(
                r.Domain, r.Key.Selector, r.Key.Algorithm, protector.Unprotect(r.Key.ProtectedPrivateKey))),
        ];
    }
}
