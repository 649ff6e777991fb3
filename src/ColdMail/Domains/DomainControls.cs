using ColdMail.Common;
using ColdMail.Logs;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Domains;

/// <summary>The operator's levers on a domain: send caps, warm-up, pause, resume. The policy enforces them.</summary>
public sealed class DomainControls(ColdMailDatabase database, TimeProvider time)
{
    /// <summary>The audit action of a resume; auto-pause judges only outcomes after the latest one.</summary>
    internal const string ResumeAction = "domain.resume";

    private const int MaxReasonLength = 500;

    public async Task<Domain> SetLimitsAsync(
        Workspace workspace,
        string name,
        DomainLimitsChange change,
        string actor,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var domain = await DomainQueries.FindAsync(db, workspace, name, cancellationToken);
        if (change.IsEmpty)
        {
            return domain;
        }
        var before = Describe(domain);
        Apply(domain, change);
        var after = Describe(domain);
        var changes = before.Zip(after).Where(p => p.First != p.Second)
            .Select(p => $"{p.First.Split(' ')[0]} {p.First.Split(' ')[1]} → {p.Second.Split(' ')[1]}").ToList();
        if (changes.Count == 0)
        {
            return domain;
        }
        DomainJournal.Write(db, domain, time.GetUtcNow(), actor, "domain.limits", EmailEvents.LimitChanged,
            string.Join("; ", changes));
        await db.SaveChangesAsync(cancellationToken);
        return domain;
    }

    public async Task<Domain> PauseAsync(
        Workspace workspace,
        string name,
        string? reason,
        string actor,
        CancellationToken cancellationToken)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (text is { Length: > MaxReasonLength } || (text?.Any(char.IsControl) ?? false))
        {
            throw ResourceException.Invalid($"The reason must be one line of at most {MaxReasonLength} characters.");
        }

        await using var db = database.CreateContext();
        var domain = await DomainQueries.FindAsync(db, workspace, name, cancellationToken);
        if (domain.IsPaused)
        {
            throw ResourceException.Conflict(
                $"The domain '{domain.Name}' is already paused since {domain.PausedAt:u} by {domain.PausedBy}.");
        }
        if (!await TryPauseAsync(db, domain, text, actor, cancellationToken))
        {
            throw ResourceException.Conflict($"The domain '{domain.Name}' was paused a moment ago by another.");
        }
        return domain;
    }

    /// <summary>
    /// Pauses <paramref name="domain"/> unless it is paused already, and journals it; false when it was. The
    /// pause is one conditional update, so an operator and the auto-pause, or two bounces, racing each other
    /// leave one pause with its first reason and one journal entry.
    /// </summary>
    internal async Task<bool> TryPauseAsync(
        ColdMailDbContext db,
        Domain domain,
        string? reason,
        string actor,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.Domains
            .Where(d => d.Id == domain.Id && d.PausedAt == null)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(d => d.PausedAt, now);
                set.SetProperty(d => d.PauseReason, reason);
                set.SetProperty(d => d.PausedBy, actor);
            }, cancellationToken);
        if (updated == 0)
        {
            return false;
        }

        // The row is written; the caller's copy only mirrors it and must not be saved a second time.
        db.Entry(domain).State = EntityState.Detached;
        domain.PausedAt = now;
        domain.PauseReason = reason;
        domain.PausedBy = actor;
        DomainJournal.Write(db, domain, now, actor, "domain.pause", EmailEvents.DomainPaused,
            reason is null ? "Paused." : $"Paused: {reason}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<Domain> ResumeAsync(
        Workspace workspace,
        string name,
        string actor,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var domain = await DomainQueries.FindAsync(db, workspace, name, cancellationToken);
        if (!domain.IsPaused)
        {
            throw ResourceException.Conflict($"The domain '{domain.Name}' is not paused.");
        }
        var detail = $"Resumed after a pause since {domain.PausedAt:u} by {domain.PausedBy}.";
        domain.PausedAt = null;
        domain.PauseReason = null;
        domain.PausedBy = null;
        DomainJournal.Write(db, domain, time.GetUtcNow(), actor, ResumeAction, EmailEvents.DomainResumed, detail);
        await db.SaveChangesAsync(cancellationToken);
        return domain;
    }

    private static void Apply(Domain domain, DomainLimitsChange change)
    {
        if (change.Hourly is { } hourly)
        {
            domain.HourlyLimit = Positive(hourly, "hourly cap");
        }
        if (change.Daily is { } daily)
        {
            domain.DailyLimit = Positive(daily, "daily cap");
        }
        if (change.MailboxDaily is { } mailboxDaily)
        {
            domain.MailboxDailyLimit = mailboxDaily >= 1 ? mailboxDaily : throw ResourceException.Invalid(
                "The per-mailbox daily cap must be at least 1; pause a mailbox to stop it sending.");
        }
        ApplySendingHours(domain, change);
        if (change.WarmupStep is < 0)
        {
            throw ResourceException.Invalid("The warm-up step must be zero or more.");
        }
        if (change.WarmupStart is null && change.WarmupStep is null)
        {
            return;
        }
        if (change.WarmupStart is { Value: null })
        {
            domain.WarmupStart = null;
            domain.WarmupStep = null;
            return;
        }
        var start = change.WarmupStart is { } s ? Positive(s, "warm-up start") : domain.WarmupStart;
        var step = change.WarmupStep ?? domain.WarmupStep;
        if (start is null || step is null)
        {
            throw ResourceException.Invalid("A warm-up needs both a start and a step.");
        }
        domain.WarmupStart = start;
        domain.WarmupStep = step;
    }

    private static void ApplySendingHours(Domain domain, DomainLimitsChange change)
    {
        if (change.SendingHours is { } hours)
        {
            if (IsNone(hours))
            {
                domain.SendingHoursStart = null;
                domain.SendingHoursEnd = null;
            }
            else if (!SendingHours.TryParse(hours, out var start, out var end))
            {
                throw ResourceException.Invalid(
                    "The sending hours must be HH:MM-HH:MM in 24-hour time, such as 09:00-17:00 or "
                    + $"22:00-06:00, or none to remove them (was '{hours}').");
            }
            else if (start == end)
            {
                throw ResourceException.Invalid(
                    "The sending hours must start and end at different times; use none to send at any hour.");
            }
            else
            {
                domain.SendingHoursStart = start;
                domain.SendingHoursEnd = end;
            }
        }
        if (change.TimeZone is { } zone)
        {
            domain.SendingTimeZone = IsNone(zone) ? null : KnownZone(zone.Trim());
        }
    }

    private static string KnownZone(string id)
    {
        try
        {
            // Keep the id as given: it is what the operator typed and what the tz database names.
            _ = SendingHours.FindZone(id);
            return id;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw ResourceException.Invalid(
                $"Unknown time zone '{id}'; use an IANA id such as Europe/Berlin, or none for UTC.");
        }
    }

    private static bool IsNone(string text) => text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase);

    private static int? Positive(LimitValue value, string what) => value.Value switch
    {
        null => null,
        >= 1 => value.Value,
        _ => throw ResourceException.Invalid($"The {what} must be at least 1, or none to remove it."),
    };

    private static string[] Describe(Domain domain) =>
    [
        $"hourly {Show(domain.HourlyLimit)}",
        $"daily {Show(domain.DailyLimit)}",
        $"mailbox-daily {domain.MailboxDailyLimit}",
        $"warmup-start {Show(domain.WarmupStart)}",
        $"warmup-step {Show(domain.WarmupStep)}",
        $"sending-hours {ShowHours(domain)}",
        $"time-zone {domain.SendingTimeZone ?? "UTC"}",
    ];

    private static string ShowHours(Domain domain) =>
        domain is { SendingHoursStart: { } start, SendingHoursEnd: { } end }
            ? $"{SendingHours.Show(start)}-{SendingHours.Show(end)}"
            : "none";

    private static string Show(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture)
        ?? "none";
}
