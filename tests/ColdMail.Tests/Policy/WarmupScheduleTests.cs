using ColdMail.Policy;

namespace ColdMail.Tests.Policy;

public sealed class WarmupScheduleTests
{
    [Theory]
    [InlineData(20, 10, null, 0, 20)]
    [InlineData(20, 10, null, 1, 30)]
    [InlineData(20, 10, null, 5, 70)]
    [InlineData(20, 10, 50, 2, 40)]
    [InlineData(20, 10, 50, 3, 50)]
    [InlineData(20, 10, 50, 30, 50)]
    [InlineData(20, null, null, 9, 20)]
    [InlineData(1000, 1000, null, 10_000_000, int.MaxValue)]
    public void The_warmup_cap_grows_by_the_step_each_day_up_to_the_daily_limit(
        int start,
        int? step,
        int? dailyLimit,
        int day,
        int expected)
        => Assert.Equal(expected, WarmupSchedule.CapOn(start, step, dailyLimit, day));

    [Theory]
    [InlineData(null, "2026-03-10", 0)]
    [InlineData("2026-03-10", "2026-03-10", 0)]
    [InlineData("2026-03-09", "2026-03-10", 1)]
    [InlineData("2026-02-28", "2026-03-05", 5)]
    [InlineData("2026-03-11", "2026-03-10", 0)]
    public void The_warmup_day_counts_whole_UTC_days_from_the_first_sending_day(
        string? startedOn,
        string today,
        int expected)
        => Assert.Equal(expected, WarmupSchedule.DayOf(
            startedOn is null ? null : DateOnly.Parse(startedOn), DateOnly.Parse(today)));
}
