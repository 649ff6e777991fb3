using ColdMail.Storage.Entities;

namespace ColdMail.Policy;

/// <summary>Which caps apply to one more recipient of a mailbox at a given moment, in the order checked.</summary>
internal static class SendLimits
{
    public static List<SendLimit> For(Domain domain, Mailbox mailbox, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var hour = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        var day = new DateTimeOffset(utc.Date, TimeSpan.Zero);
        var limits = new List<SendLimit>(3);

        if (domain.HourlyLimit is { } hourly)
        {
            var slot = new CounterSlot($"domain:{domain.Id}:hour", hour, 0);
            limits.Add(new SendLimit(SendLimitKind.DomainHourly, slot, hourly, domain.Name, hour.AddHours(1)));
        }

        var domainDay = new CounterSlot($"domain:{domain.Id}:day", day, 1);
        if (domain.WarmupStart is { } start)
        {
            var n = WarmupSchedule.DayOf(domain.SendingStartedOn, DateOnly.FromDateTime(utc));
            var cap = WarmupSchedule.CapOn(start, domain.WarmupStep, domain.DailyLimit, n);
            // Once the warm-up has grown to the daily limit, the daily limit is what binds.
            limits.Add(domain.DailyLimit is { } daily && cap >= daily
                ? new SendLimit(SendLimitKind.DomainDaily, domainDay, daily, domain.Name, day.AddDays(1))
                : new SendLimit(SendLimitKind.Warmup, domainDay, cap, $"{domain.Name} on day {n + 1}",
                    day.AddDays(1)));
        }
        else if (domain.DailyLimit is { } daily)
        {
            limits.Add(new SendLimit(SendLimitKind.DomainDaily, domainDay, daily, domain.Name, day.AddDays(1)));
        }

        // The domain-wide default is a plain number, so 0 there means "no default"; a mailbox's own
        // DailyLimit is nullable, and its 0 really stops the mailbox.
        var mailboxCap = mailbox.DailyLimit ?? (domain.MailboxDailyLimit > 0 ? domain.MailboxDailyLimit : null);
        if (mailboxCap is { } perMailbox)
        {
            var slot = new CounterSlot($"mailbox:{mailbox.Id}:day", day, 2);
            limits.Add(new SendLimit(SendLimitKind.MailboxDaily, slot, perMailbox, mailbox.Address, day.AddDays(1)));
        }
        return limits;
    }
}
