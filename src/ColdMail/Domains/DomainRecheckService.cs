using ColdMail.Configuration;
using ColdMail.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdMail.Domains;

/// <summary>
/// While <c>serve</c> runs, re-checks each domain's records once every <c>Domains:RecheckIntervalMinutes</c>,
/// so that a broken record turns a domain Failing and a fixed one brings it back without anyone asking.
/// </summary>
public sealed class DomainRecheckService(
    ColdMailDatabase database,
    DomainVerifier verifier,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<DomainRecheckService> logger) : BackgroundService
{
    /// <summary>Who the audit trail names for the server's own checks.</summary>
    public const string Actor = "system";

    // How often to look for due domains: a due domain waits at most this long.
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await RecheckDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly away; a crashed worker would stop the whole host, so try next tick.
                DomainLog.RecheckRoundFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Checks every domain not checked within the interval; returns how many were checked.</summary>
    public async Task<int> RecheckDueAsync(CancellationToken cancellationToken)
    {
        var checkedCount = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = time.GetUtcNow() - options.Value.Domains.RecheckInterval;
            List<(Guid Id, string Name, DateTimeOffset? LastCheckedAt)> batch;
            await using (var db = database.CreateContext())
            {
                var rows = await db.Domains.AsNoTracking()
                    .Where(d => d.LastCheckedAt == null || d.LastCheckedAt <= due)
                    .OrderBy(d => d.LastCheckedAt).Take(Batch)
                    .Select(d => new { d.Id, d.Name, d.LastCheckedAt })
                    .ToListAsync(cancellationToken);
                batch = [.. rows.Select(r => (r.Id, r.Name, r.LastCheckedAt))];
            }
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var (id, name, lastCheckedAt) in batch)
            {
                if (await ClaimAsync(id, lastCheckedAt, cancellationToken))
                {
                    await RecheckAsync(id, name, cancellationToken);
                    checkedCount++;
                }
            }
        }
        DomainLog.Rechecked(logger, checkedCount);
        return checkedCount;
    }

    // Several nodes may run this service: the one whose update lands checks the domain, the others skip it.
    private async Task<bool> ClaimAsync(Guid id, DateTimeOffset? seen, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var now = time.GetUtcNow();
        var claimed = await db.Domains.Where(d => d.Id == id && d.LastCheckedAt == seen)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastCheckedAt, now), cancellationToken);
        return claimed == 1;
    }

    private async Task RecheckAsync(Guid id, string name, CancellationToken cancellationToken)
    {
        try
        {
            await verifier.VerifyAsync(id, Actor, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One domain's failure must not stop the others; the claim already moved it to the back.
            DomainLog.RecheckFailed(logger, e, name);
        }
    }
}
