using ColdMail.Storage.Entities;

namespace ColdMail.Policy;

/// <summary>
/// Which caps apply to one more recipient of a mailbox at a given moment, in the order checked.
/// </summary>
internal static class SendLimits
{
    public static List<SendLimit> For(Domain domain, Mailbox mailbox, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var hour = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        var day = new DateTimeOffset(utc.Date, TimeSpan.Zero);
        var tomorrow = day.AddDays(1);
        var limits = new List<SendLimit>(3);

        if (domain.HourlyLimit is { } hourly)
        {
            var slot = new CounterSlot($"domain:{domain.Id}:hour", hour, 0);
            limits.Add(new(SendLimitKind.DomainHourly, slot, hourly, domain.Name, hour.AddHours(1)));
        }

        var domainDay = new CounterSlot($"domain:{domain.Id}:day", day, 1);
        if (domain.WarmupStart is { } start)
        {
            var n = WarmupSchedule.DayOf(domain.SendingStartedOn, DateOnly.FromDateTime(utc));
            var cap = WarmupSchedule.CapOn(start, domain.WarmupStep, domain.DailyLimit, n);
            // Once the warm-up has grown to the daily limit, the daily limit is what binds.
            limits.Add(domain.DailyLimit is { } daily && cap >= daily
                ? new(SendLimitKind.DomainDaily, domainDay, daily, domain.Name, tomorrow)
                : new(SendLimitKind.Warmup, domainDay, cap, $"{domain.Name} on day {n + 1}", tomorrow));
        }
        else if (domain.DailyLimit is { } daily)
        {
            limits.Add(new(SendLimitKind.DomainDaily, domainDay, daily, domain.Name, tomorrow));
        }

        // Limitation: Domain.MailboxDailyLimit is not nullable, so its 0 has to mean "no default
        // cap"; a mailbox's own DailyLimit is nullable, and its 0 really stops the mailbox.
        var defaultCap = domain.MailboxDailyLimit > 0 ? domain.MailboxDailyLimit : (int?)null;
        if ((mailbox.DailyLimit ?? defaultCap) is { } perMailbox)
        {
            var slot = new CounterSlot($"mailbox:{mailbox.Id}:day", day, 2);
            limits.Add(new(SendLimitKind.MailboxDaily, slot, perMailbox, mailbox.Address, tomorrow));
        }
        return limits;
    }
}
