using ColdMail.Logs;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Domains;

/// <summary>
/// Checks a domain's records and moves it between states: Pending → Verified on the first pass,
/// Verified → Failing when a required record breaks, Failing → Verified once fixed. A check that only met DNS
/// errors changes nothing: an outage of a resolver is not the owner's mistake. It also activates keys:
/// a new domain's first key when the domain verifies, a rotation's key once its record is found.
/// </summary>
public sealed class DomainVerifier(
    ColdMailDatabase database,
    DomainRecordChecker checker,
    TimeProvider time,
    ILogger<DomainVerifier> logger)
{
    /// <summary>The records that make a domain verified: SPF passes, DKIM matches, DMARC exists.</summary>
    public static bool IsRequired(string kind) => kind is RecordKinds.Spf or RecordKinds.Dkim or RecordKinds.Dmarc;

    // A verify whose first results another verify stored at the same moment (the re-check worker, an admin's
    // `domain verify`, another node) loses on the checks' key; run again, it finds the rows and updates them.
    private const int Attempts = 3;

    public async Task<DomainVerification> VerifyAsync(Guid domainId, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await VerifyOnceAsync(domainId, actor, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // The whole attempt was one SaveChanges: nothing of it was stored.
            }
        }
    }

    private async Task<DomainVerification> VerifyOnceAsync(
        Guid domainId,
        string actor,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        var domain = await db.Domains.SingleAsync(d => d.Id == domainId, cancellationToken);
        var keys = await db.DkimKeys.Where(k => k.DomainId == domainId).ToListAsync(cancellationToken);
        var active = keys.Where(k => k.State == DkimKeyState.Active).MaxBy(k => k.ActivatedAt);
        var pending = keys.Where(k => k.State == DkimKeyState.Pending).MaxBy(k => k.CreatedAt);

        var checks = new List<RecordCheck> { await checker.CheckSpfAsync(domain.Name, cancellationToken) };
        if ((active ?? pending) is { } signing)
        {
            checks.Add(await checker.CheckDkimAsync(RecordKinds.Dkim, domain.Name, signing, cancellationToken));
        }
        if (active is not null && pending is not null)
        {
            var next = await checker.CheckDkimAsync(RecordKinds.DkimNext, domain.Name, pending, cancellationToken);
            if (next.IsOk)
            {
                // The new key is published: it takes over in the same save that retires the old one,
                // so the domain always has exactly one active key.
                Activate(db, domain, pending, active, now, actor);
                checks.RemoveAll(c => c.Kind == RecordKinds.Dkim);
                checks.Add(next with { Kind = RecordKinds.Dkim });
                active = pending;
                pending = null;
            }
            else
            {
                checks.Add(next);
            }
        }
        checks.Add(await checker.CheckDmarcAsync(domain.Name, cancellationToken));
        checks.Add(await checker.CheckReturnPathAsync(domain.Name, cancellationToken));

        var required = checks.Where(c => IsRequired(c.Kind)).ToList();
        var passed = required.Count == 3 && required.All(c => c.IsOk);
        var onlyDnsErrors = required.All(c => c.IsOk || c.Status == CheckStatuses.DnsError);
        if (passed && active is null && pending is not null)
        {
            Activate(db, domain, pending, null, now, actor);
        }
        if (passed)
        {
            MarkVerified(db, domain, now, actor);
        }
        else if (!onlyDnsErrors && domain.VerificationState == DomainVerificationState.Verified)
        {
            MarkFailing(db, domain, now, actor, required);
        }
        domain.LastCheckedAt = now;
        await SaveChecksAsync(db, domain.Id, checks, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new DomainVerification(domain, [.. checks.OrderBy(c => RecordKinds.Order(c.Kind))]);
    }

    private void Activate(
        ColdMailDbContext db,
        Domain domain,
        DkimKey key,
        DkimKey? previous,
        DateTimeOffset now,
        string actor)
    {
        key.State = DkimKeyState.Active;
        key.ActivatedAt = now;
        var detail = $"DKIM selector {key.Selector} is now active";
        if (previous is not null)
        {
            previous.State = DkimKeyState.Retired;
            previous.RetiredAt = now;
            detail += $"; {previous.Selector} is retired";
        }
        DomainJournal.Write(db, domain, now, actor, "domain.dkim-activated", null, detail);
        DomainLog.KeyActivated(logger, domain.Name, key.Selector);
    }

    private void MarkVerified(ColdMailDbContext db, Domain domain, DateTimeOffset now, string actor)
    {
        if (domain.VerificationState == DomainVerificationState.Verified)
        {
            return;
        }
        var detail = domain.VerificationState == DomainVerificationState.Failing
            ? $"SPF, DKIM and DMARC pass again after failing since {domain.FailingSince:u}."
            : "SPF, DKIM and DMARC pass: the domain is verified.";
        domain.VerificationState = DomainVerificationState.Verified;
        domain.VerifiedAt = now;
        domain.FailingSince = null;
        DomainJournal.Write(db, domain, now, actor, "domain.verified", EmailEvents.DomainVerified, detail);
        DomainLog.Verified(logger, domain.Name);
    }

    private void MarkFailing(
        ColdMailDbContext db,
        Domain domain,
        DateTimeOffset now,
        string actor,
        IEnumerable<RecordCheck> required)
    {
        var problems = string.Join("; ", required.Where(c => !c.IsOk).Select(c => $"{c.Kind} {c.Status}: {c.Found}"));
        domain.VerificationState = DomainVerificationState.Failing;
        domain.FailingSince = now;
        DomainJournal.Write(db, domain, now, actor, "domain.failing", EmailEvents.DomainFailing, problems);
        DomainLog.Failing(logger, domain.Name, problems);
    }

    private static async Task SaveChecksAsync(
        ColdMailDbContext db,
        Guid domainId,
        IReadOnlyList<RecordCheck> checks,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var stored = await db.DnsRecordChecks.Where(c => c.DomainId == domainId).ToListAsync(cancellationToken);
        foreach (var check in checks)
        {
            var row = stored.FirstOrDefault(s => s.Kind == check.Kind);
            if (row is null)
            {
                row = new DnsRecordCheck { DomainId = domainId, Kind = check.Kind, Status = check.Status };
                db.DnsRecordChecks.Add(row);
            }
            row.Status = check.Status;
            row.Found = check.Found;
            row.CheckedAt = now;
        }
        db.DnsRecordChecks.RemoveRange(stored.Where(s => checks.All(c => c.Kind != s.Kind)));
    }
}
