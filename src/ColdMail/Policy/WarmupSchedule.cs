namespace ColdMail.Policy;

/// <summary>
/// The warm-up of a new sending domain: a daily cap that starts small and grows by a fixed step
/// each day, so mailbox providers see the volume of a new sender rise gradually.
/// <code>
///   N      = whole UTC days since Domain.SendingStartedOn (0 on that day, and 0 before any mail)
///   cap(N) = WarmupStart + N × WarmupStep, and never more than Domain.DailyLimit when one is set
/// </code>
/// With start 20 and step 10: day 0 allows 20, day 1 30, day 5 70. A missing step keeps the start.
/// Replies name day N + 1, as people count days.
/// </summary>
internal static class WarmupSchedule
{
    public static int DayOf(DateOnly? sendingStartedOn, DateOnly today)
        => sendingStartedOn is { } start ? Math.Max(0, today.DayNumber - start.DayNumber) : 0;

    public static int CapOn(int start, int? step, int? dailyLimit, int day)
    {
        var cap = Math.Min(start + ((long)day * (step ?? 0)), int.MaxValue);
        return dailyLimit is { } daily ? (int)Math.Min(cap, daily) : (int)cap;
    }
}
