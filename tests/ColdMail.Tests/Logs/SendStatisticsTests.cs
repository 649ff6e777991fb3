using ColdMail.Common;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Logs;

public sealed class SendStatisticsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 30, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Hourly_rows_count_each_event_in_its_hour_and_bounces_by_class(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await SeedAsync(instance);
        var workspace = await instance.WorkspaceAsync();

        var report = await Statistics(instance).ComputeAsync(
            workspace, "acme.example", null, StatisticsInterval.Hour, Now.AddHours(-3), CancellationToken.None);

        Assert.Equal(At(9, 0), report.Since);
        Assert.Equal([At(9, 0), At(10, 0), At(11, 0), At(12, 0)], report.Rows.Select(r => r.Start));
        Assert.Equal(new SendStatisticsRow(At(9, 0), 0, 0, 0, 0, 0, 0, 0, 0), report.Rows[0]);
        Assert.Equal(new SendStatisticsRow(At(10, 0), 2, 0, 1, 0, 0, 0, 0, 0), report.Rows[1]);
        Assert.Equal(new SendStatisticsRow(At(11, 0), 1, 0, 0, 1, 1, 1, 0, 0), report.Rows[2]);
        Assert.Equal(new SendStatisticsRow(At(12, 0), 0, 1, 0, 0, 0, 0, 1, 1), report.Rows[3]);
        var total = report.Total;
        Assert.Equal((3, 1, 1, 1, 3, 1), (total.Accepted, total.Rejected, total.Delivered, total.Deferred,
            total.Bounced, total.Expired));
        Assert.Equal(0.2, total.DeliveryRate);
        Assert.Equal(0.6, total.BounceRate);
        Assert.Equal(0.2, total.DeferralRate);
        Assert.Equal(0.25, total.RejectionRate);
        Assert.Null(report.Rows[0].BounceRate);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_mailbox_filter_counts_only_that_mailbox(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await SeedAsync(instance);
        var workspace = await instance.WorkspaceAsync();

        var report = await Statistics(instance).ComputeAsync(
            workspace, null, "B@acme.example", StatisticsInterval.Hour, Now.AddHours(-3), CancellationToken.None);

        Assert.Equal(1, report.Total.Accepted);
        Assert.Equal(1, report.Total.BouncedSender);
        Assert.Equal(2, report.Rows.Sum(r => r.Accepted + r.Bounced));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Daily_rows_cover_the_last_30_days_by_default(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        await SeedAsync(instance);
        var workspace = await instance.WorkspaceAsync();

        var report = await Statistics(instance).ComputeAsync(
            workspace, null, null, StatisticsInterval.Day, null, CancellationToken.None);

        Assert.Equal(31, report.Rows.Count);
        Assert.Equal(new DateTimeOffset(2026, 5, 16, 0, 0, 0, TimeSpan.Zero), report.Rows[0].Start);
        Assert.Equal(1, report.Rows[^2].Accepted);
        Assert.Equal(4, report.Rows[^1].Accepted);
        Assert.Equal(5, report.Total.Accepted);
    }

    [Fact]
    public async Task A_period_of_too_many_intervals_is_refused_with_advice()
    {
        await using var instance = await TestInstance.CreateAsync();
        var workspace = await instance.WorkspaceAsync();

        var error = await Assert.ThrowsAsync<ResourceException>(() => Statistics(instance).ComputeAsync(
            workspace, null, null, StatisticsInterval.Hour, Now.AddDays(-400), CancellationToken.None));

        Assert.Contains("--by day", error.Message);
    }

    private static SendStatistics Statistics(TestInstance instance)
        => new(instance.Database, new FakeTimeProvider(Now));

    private static DateTimeOffset At(int hour, int minute) => new(2026, 6, 15, hour, minute, 0, TimeSpan.Zero);

    /// <summary>
    /// acme.example: received 10:05 (a), 10:50 (a), 11:10 (b); delivered 10:20; bounced 5.1.1 at 11:15,
    /// 5.7.1 at 11:20 (b), 5.4.4 at 12:00; deferred 11:30; rejected 12:10; expired 12:20; queued 10:06
    /// (not counted). beta.example: received 11:00. Yesterday: received 11:00 (a), out of the hourly range.
    /// </summary>
    private static async Task SeedAsync(TestInstance instance)
    {
        var acme = await instance.AddDomainAsync("acme.example");
        var beta = await instance.AddDomainAsync("beta.example");
        var workspace = await instance.WorkspaceAsync();
        EmailLogEntry Entry(string name, DateTimeOffset at, Domain domain, string mailbox = "a@acme.example",
            string? enhanced = null, int? code = null) => new()
            {
                WorkspaceId = workspace.Id,
                At = at,
                Event = name,
                DomainId = domain.Id,
                Mailbox = mailbox,
                Code = code,
                EnhancedCode = enhanced,
            };
        EmailLogEntry[] entries =
        [
            Entry(EmailEvents.Received, At(10, 5), acme),
            Entry(EmailEvents.Queued, At(10, 6), acme),
            Entry(EmailEvents.Delivered, At(10, 20), acme),
            Entry(EmailEvents.Received, At(10, 50), acme),
            Entry(EmailEvents.Received, At(11, 10), acme, "b@acme.example"),
            Entry(EmailEvents.Bounced, At(11, 15), acme, enhanced: "5.1.1", code: 550),
            Entry(EmailEvents.Bounced, At(11, 20), acme, "b@acme.example", "5.7.1", 550),
            Entry(EmailEvents.Deferred, At(11, 30), acme, enhanced: "4.2.0", code: 451),
            Entry(EmailEvents.Bounced, At(12, 0), acme, enhanced: "5.4.4", code: 554),
            Entry(EmailEvents.Rejected, At(12, 10), acme, enhanced: "5.7.1", code: 550),
            Entry(EmailEvents.Expired, At(12, 20), acme),
            Entry(EmailEvents.Received, At(11, 0), beta, "x@beta.example"),
            Entry(EmailEvents.Received, At(11, 0).AddDays(-1), acme),
        ];
        foreach (var entry in entries)
        {
            await instance.AddLogAsync(entry);
        }
    }
}
