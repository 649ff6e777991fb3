using ColdMail.Domains;
using ColdMail.Storage.Entities;

namespace ColdMail.Cli;

/// <summary>The JSON shapes the domain verbs print; field names are part of the CLI's contract.</summary>
internal static class DomainJson
{
    public static object Summary(Domain d) => new
    {
        id = d.Id,
        name = d.Name,
        state = d.VerificationState,
        createdAt = d.CreatedAt,
        verifiedAt = d.VerifiedAt,
        failingSince = d.FailingSince,
        lastCheckedAt = d.LastCheckedAt,
        paused = d.IsPaused,
        pausedAt = d.PausedAt,
        pauseReason = d.PauseReason,
        pausedBy = d.PausedBy,
        oneClickUnsubscribe = d.OneClickUnsubscribe,
        limits = Limits(d),
    };

    public static object Limits(Domain d) => new
    {
        hourly = d.HourlyLimit,
        daily = d.DailyLimit,
        mailboxDaily = d.MailboxDailyLimit,
        warmupStart = d.WarmupStart,
        warmupStep = d.WarmupStep,
        sendingStartedOn = d.SendingStartedOn,
        sendingHours = d is { SendingHoursStart: { } start, SendingHoursEnd: { } end }
            ? new { start = SendingHours.Show(start), end = SendingHours.Show(end) }
            : null,
        timeZone = d.SendingTimeZone ?? "UTC",
    };

    public static object Details(DomainDetails details) => new
    {
        domain = Summary(details.Domain),
        keys = details.Keys.Select(Key),
        checks = details.Checks.Select(c => new
        {
            kind = c.Kind,
            status = c.Status,
            found = c.Found,
            checkedAt = c.CheckedAt,
        }),
        records = details.Records.Select(Record),
    };

    public static object Key(DkimKey k) => new
    {
        selector = k.Selector,
        algorithm = k.Algorithm,
        state = k.State,
        createdAt = k.CreatedAt,
        activatedAt = k.ActivatedAt,
        retiredAt = k.RetiredAt,
    };

    public static object Record(PublishedRecord r) => new
    {
        kind = r.Kind,
        type = r.Type,
        name = r.Name,
        value = r.Value,
        purpose = r.Purpose,
    };

    public static object Verification(DomainVerification v) => new
    {
        name = v.Domain.Name,
        state = v.Domain.VerificationState,
        verified = v.IsVerified,
        failingSince = v.Domain.FailingSince,
        checks = v.Checks.Select(c => new { kind = c.Kind, status = c.Status, found = c.Found }),
    };
}
