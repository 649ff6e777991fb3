using System.Globalization;
using ColdMail.Configuration;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdMail.Domains;

/// <summary>
/// Pauses a domain whose hard-bounce or sender-block rate over the rolling window reached its threshold, once
/// the window holds the minimum sample. The reason names the numbers, so <c>domain show</c>, the audit trail,
/// the email log and the SMTP refusal all say why.
/// </summary>
internal sealed class AutoPause(
    ColdMailDatabase database,
    DomainControls controls,
    IOptions<ColdMailOptions> options,
    TimeProvider time,
    ILogger<AutoPause> logger)
{
    public const string Actor = "system";

    // The stored form of Delivery.BounceClass, as the delivery side writes it.
    private const string RecipientClass = "recipient";
    private const string SenderClass = "sender";

    /// <summary>
    /// <see cref="CheckAsync"/> for the delivery side, once a bounce is committed: a failure here is logged and
    /// swallowed, since the outcomes are already written and the next bounce judges the window again.
    /// </summary>
    public async Task CheckAfterBounceAsync(Guid domainId, CancellationToken cancellationToken)
    {
        try
        {
            await CheckAsync(domainId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DomainLog.AutoPauseFailed(logger, exception, domainId);
        }
    }

    /// <summary>Judges the domain's window now; true when this call paused it.</summary>
    public async Task<bool> CheckAsync(Guid domainId, CancellationToken cancellationToken)
    {
        var settings = options.Value.Domains.AutoPause;
        if (!settings.Enabled)
        {
            return false;
        }
        await using var db = database.CreateContext();
        var domain = await db.Domains.AsNoTracking().FirstOrDefaultAsync(d => d.Id == domainId, cancellationToken);
        if (domain is null || domain.IsPaused)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var since = now - settings.Window;
        // Outcomes before an operator's resume were judged already: counting them again would pause the
        // domain at its next bounce, and a resume would mean nothing for a whole window.
        var resumedAt = await db.AuditEntries.AsNoTracking()
            .Where(a => a.WorkspaceId == domain.WorkspaceId && a.Target == domain.Name
                && a.Action == DomainControls.ResumeAction)
            .OrderByDescending(a => a.Id)
            .Select(a => (DateTimeOffset?)a.At)
            .FirstOrDefaultAsync(cancellationToken);
        var period = $"in the last {settings.WindowHours} h";
        if (resumedAt > since)
        {
            since = resumedAt.Value;
            period = string.Create(CultureInfo.InvariantCulture, $"since the resume at {since:yyyy-MM-dd HH:mm} UTC");
        }

        var counts = await CountAsync(db, domain, since, cancellationToken);
        if (counts.Final < settings.MinimumSample)
        {
            return false;
        }
        var reasons = new List<string>();
        if (Reached(counts.HardBounces, counts.Final, settings.HardBounceThreshold))
        {
            reasons.Add(Describe("Hard-bounce", counts.HardBounces, counts.Final, period,
                settings.HardBounceThreshold));
        }
        if (Reached(counts.SenderBlocks, counts.Final, settings.SenderBlockThreshold))
        {
            reasons.Add(Describe("Sender-block", counts.SenderBlocks, counts.Final, period,
                settings.SenderBlockThreshold));
        }
        if (reasons.Count == 0)
        {
            return false;
        }

        var reason = string.Join("; ", reasons);
        if (!await controls.TryPauseAsync(db, domain, reason, Actor, cancellationToken))
        {
            return false;
        }
        DomainLog.AutoPaused(logger, domain.Name, reason);
        return true;
    }

    /// <summary>At the threshold fires, below does not; exact in decimals, so 5 of 100 is 5%, never 4.99…%.</summary>
    internal static bool Reached(int count, int sample, decimal threshold) =>
        count > 0 && count >= threshold * sample;

    private async Task<Counts> CountAsync(
        ColdMailDbContext db,
        Domain domain,
        DateTimeOffset since,
        CancellationToken cancellationToken)
    {
        // A queued message reaches its final state within the delivery maximum age of its receipt, so older
        // messages need not be read; the bound lets the (workspace, received) index do the narrowing.
        // Limitation: a report of a bounce after delivery that arrives later than that is not counted.
        var receivedSince = since - TimeSpan.FromHours(options.Value.Delivery.MaxAgeHours);
        // Expired is left out: it is our own give-up after temporary failures, a verdict on neither the
        // address nor the sender, and counting it would dilute the rates the thresholds are about.
        var final = db.Messages
            .Where(m => m.WorkspaceId == domain.WorkspaceId && m.ReceivedAt >= receivedSince
                && m.DomainId == domain.Id)
            .Join(db.MessageRecipients, m => m.Id, r => r.MessageId, (m, r) => r)
            .Where(r => r.UpdatedAt >= since
                && (r.State == RecipientState.Delivered || r.State == RecipientState.Bounced));
        var counts = await final
            .GroupBy(r => 1)
            .Select(g => new Counts(
                g.Count(),
                g.Count(r => r.State == RecipientState.Bounced && r.BounceClass == RecipientClass),
                g.Count(r => r.State == RecipientState.Bounced && r.BounceClass == SenderClass)))
            .FirstOrDefaultAsync(cancellationToken);
        return counts ?? new Counts(0, 0, 0);
    }

    private static string Describe(string what, int count, int sample, string period, decimal threshold)
    {
        var invariant = CultureInfo.InvariantCulture;
        var rate = (decimal)count * 100 / sample;
        var numbers = string.Create(invariant, $"{rate:0.#}% ({count} of {sample} {period})");
        return string.Create(invariant, $"{what} rate {numbers} reached the {threshold * 100:0.##}% threshold");
    }

    private sealed record Counts(int Final, int HardBounces, int SenderBlocks);
}
