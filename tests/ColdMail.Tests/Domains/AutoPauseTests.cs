using ColdMail.Configuration;
using ColdMail.Domains;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Domains;

/// <summary>The defaults throughout: a 24-hour window, 50 outcomes at least, 5% hard bounces, 3% blocks.</summary>
public sealed class AutoPauseTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_hard_bounce_rate_exactly_at_the_threshold_pauses_the_domain_with_the_numbers(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var domain = await instance.AddDomainAsync("sender.test");
        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 95, hardBounces: 5);

        Assert.True(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));

        const string reason = "Hard-bounce rate 5% (5 of 100 in the last 24 h) reached the 5% threshold";
        var paused = await DomainAsync(instance, domain.Id);
        Assert.Equal((Now, reason, "system"), (paused.PausedAt, paused.PauseReason, paused.PausedBy));
        var audit = Assert.Single(await instance.AuditAsync());
        Assert.Equal(("system", "domain.pause", "sender.test", $"Paused: {reason}"),
            (audit.Actor, audit.Action, audit.Target, audit.Detail));
        var entry = Assert.Single(await LogAsync(instance));
        Assert.Equal((EmailEvents.DomainPaused, domain.Id, $"Paused: {reason}"),
            (entry.Event, entry.DomainId, entry.Detail));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task One_hard_bounce_below_the_threshold_does_not_pause(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var domain = await instance.AddDomainAsync("sender.test");
        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 96, hardBounces: 4);

        Assert.False(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));

        Assert.False((await DomainAsync(instance, domain.Id)).IsPaused);
        Assert.Empty(await instance.AuditAsync());
        Assert.Empty(await LogAsync(instance));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_rate_above_the_threshold_does_not_pause_below_the_minimum_sample(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var domain = await instance.AddDomainAsync("sender.test");
        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 39, hardBounces: 10);

        Assert.False(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));
        Assert.False((await DomainAsync(instance, domain.Id)).IsPaused);

        // The fiftieth outcome completes the sample, and 11 of 50 is well past the threshold.
        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 0, hardBounces: 1);
        Assert.True(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));
        Assert.Equal("Hard-bounce rate 22% (11 of 50 in the last 24 h) reached the 5% threshold",
            (await DomainAsync(instance, domain.Id)).PauseReason);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_sender_block_rate_has_its_own_threshold(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var below = await instance.AddDomainAsync("below.test");
        var at = await instance.AddDomainAsync("at.test");
        await SeedAsync(instance, below, Now.AddHours(-1), delivered: 98, senderBlocks: 2);
        await SeedAsync(instance, at, Now.AddHours(-1), delivered: 97, senderBlocks: 3);
        var autoPause = AutoPauseAt(instance, Now);

        Assert.False(await autoPause.CheckAsync(below.Id, CancellationToken.None));
        Assert.True(await autoPause.CheckAsync(at.Id, CancellationToken.None));

        Assert.False((await DomainAsync(instance, below.Id)).IsPaused);
        Assert.Equal("Sender-block rate 3% (3 of 100 in the last 24 h) reached the 3% threshold",
            (await DomainAsync(instance, at.Id)).PauseReason);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_already_paused_domain_keeps_its_original_reason(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var domain = await instance.AddDomainAsync("sender.test");
        var time = new FakeTimeProvider(Now.AddHours(-2));
        var workspace = await instance.WorkspaceAsync();
        await new DomainControls(instance.Database, time).PauseAsync(
            workspace, "sender.test", "Checking the list", "ops@example.com", CancellationToken.None);
        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 80, hardBounces: 20);

        Assert.False(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));

        var paused = await DomainAsync(instance, domain.Id);
        Assert.Equal((Now.AddHours(-2), "Checking the list", "ops@example.com"),
            (paused.PausedAt, paused.PauseReason, paused.PausedBy));
        Assert.Single(await instance.AuditAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task After_a_resume_only_outcomes_since_it_are_judged(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var domain = await instance.AddDomainAsync("sender.test");
        var workspace = await instance.WorkspaceAsync();
        await SeedAsync(instance, domain, Now.AddHours(-3), delivered: 90, hardBounces: 10);
        var time = new FakeTimeProvider(Now.AddHours(-2));
        var controls = new DomainControls(instance.Database, time);
        await controls.PauseAsync(workspace, "sender.test", "Cleaning the list", "ops", CancellationToken.None);
        await controls.ResumeAsync(workspace, "sender.test", "ops", CancellationToken.None);

        Assert.False(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));

        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 50, hardBounces: 5);
        Assert.True(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));
        Assert.Equal("Hard-bounce rate 9.1% (5 of 55 since the resume at 2026-12-03 10:00 UTC) reached the 5% "
            + "threshold", (await DomainAsync(instance, domain.Id)).PauseReason);
    }

    [Theory]
    [InlineData(23, true)]
    [InlineData(24, true)]
    [InlineData(25, false)]
    public async Task Only_outcomes_inside_the_rolling_window_count(int hoursAgo, bool paused)
    {
        await using var instance = await TestInstance.CreateAsync();
        var domain = await instance.AddDomainAsync("sender.test");
        await SeedAsync(instance, domain, Now.AddHours(-hoursAgo), delivered: 0, hardBounces: 5);
        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 95);

        Assert.Equal(paused, await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));
        Assert.Equal(paused, (await DomainAsync(instance, domain.Id)).IsPaused);
    }

    [Fact]
    public async Task Expired_recipients_and_other_domains_stay_out_of_the_sample()
    {
        await using var instance = await TestInstance.CreateAsync();
        var domain = await instance.AddDomainAsync("sender.test");
        var other = await instance.AddDomainAsync("other.test");
        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 45, hardBounces: 5, expired: 50);
        await SeedAsync(instance, other, Now.AddHours(-1), delivered: 500);

        Assert.True(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));
        Assert.Equal("Hard-bounce rate 10% (5 of 50 in the last 24 h) reached the 5% threshold",
            (await DomainAsync(instance, domain.Id)).PauseReason);
    }

    [Fact]
    public async Task Auto_pause_switched_off_never_pauses()
    {
        await using var instance = await TestInstance.CreateAsync(extraSettings: new Dictionary<string, string?>
        {
            ["ColdMail:Domains:AutoPause:Enabled"] = "false",
        });
        var domain = await instance.AddDomainAsync("sender.test");
        await SeedAsync(instance, domain, Now.AddHours(-1), delivered: 50, hardBounces: 50);

        Assert.False(await AutoPauseAt(instance, Now).CheckAsync(domain.Id, CancellationToken.None));
        Assert.False((await DomainAsync(instance, domain.Id)).IsPaused);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_bounce_written_by_delivery_pauses_its_domain(DatabaseProvider provider)
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptRcpt("ghost@example.test", "550 5.1.1 No such user");
        var settings = new Dictionary<string, string?>
        {
            ["ColdMail:Domains:AutoPause:MinimumSample"] = "2",
            ["ColdMail:Domains:AutoPause:HardBounceThreshold"] = "0.5",
        };
        await using var harness = await DeliveryHarness.CreateAsync(provider, mx.Port, settings);
        harness.RouteTo("example.test", mx);

        await harness.EnqueueAsync("ok@example.test", "ghost@example.test");
        await harness.RunOnceAsync();

        const string reason = "Hard-bounce rate 50% (1 of 2 in the last 24 h) reached the 50% threshold";
        var domain = await DomainAsync(harness.Instance, harness.DomainId);
        Assert.Equal((harness.Time.GetUtcNow(), reason, "system"),
            (domain.PausedAt, domain.PauseReason, domain.PausedBy));
        var entry = Assert.Single(await LogAsync(harness.Instance));
        Assert.Equal($"Paused: {reason}", entry.Detail);
    }

    [Theory]
    [InlineData(5, 100, "0.05", true)]
    [InlineData(4, 100, "0.05", false)]
    [InlineData(1, 3, "0.333", true)]
    [InlineData(7, 100, "0.07", true)]
    [InlineData(0, 100, "0.001", false)]
    [InlineData(1, 1, "1", true)]
    public void A_rate_fires_at_its_threshold_and_not_below(int count, int sample, string threshold, bool fires)
    {
        var limit = decimal.Parse(threshold, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(fires, AutoPause.Reached(count, sample, limit));
    }

    private static AutoPause AutoPauseAt(TestInstance instance, DateTimeOffset now)
        => AutoPauseAt(instance, new FakeTimeProvider(now));

    private static AutoPause AutoPauseAt(TestInstance instance, FakeTimeProvider time) => new(
        instance.Database,
        new DomainControls(instance.Database, time),
        instance.Get<IOptions<ColdMailOptions>>(),
        time,
        NullLogger<AutoPause>.Instance);

    /// <summary>One message per outcome, each reaching its final state at <paramref name="at"/>.</summary>
    private static async Task SeedAsync(
        TestInstance instance,
        Domain domain,
        DateTimeOffset at,
        int delivered,
        int hardBounces = 0,
        int senderBlocks = 0,
        int expired = 0)
    {
        var outcomes = Enumerable.Repeat((RecipientState.Delivered, (string?)null), delivered)
            .Concat(Enumerable.Repeat((RecipientState.Bounced, (string?)"recipient"), hardBounces))
            .Concat(Enumerable.Repeat((RecipientState.Bounced, (string?)"sender"), senderBlocks))
            .Concat(Enumerable.Repeat((RecipientState.Expired, (string?)null), expired));
        await using var db = instance.Database.CreateContext();
        foreach (var (state, bounceClass) in outcomes)
        {
            db.Messages.Add(new Message
            {
                Id = Guid.CreateVersion7(),
                WorkspaceId = domain.WorkspaceId,
                DomainId = domain.Id,
                MailboxId = Guid.NewGuid(),
                MailFrom = $"sales@{domain.Name}",
                ReceivedAt = at.AddMinutes(-5),
                Recipients =
                [
                    new MessageRecipient
                    {
                        Address = $"{Guid.NewGuid():N}@example.net",
                        Domain = "example.net",
                        State = state,
                        Attempts = 1,
                        BounceClass = bounceClass,
                        UpdatedAt = at,
                    },
                ],
            });
        }
        await db.SaveChangesAsync();
    }

    private static async Task<Domain> DomainAsync(TestInstance instance, Guid id)
    {
        await using var db = instance.Database.CreateContext();
        return await db.Domains.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    private static async Task<List<EmailLogEntry>> LogAsync(TestInstance instance)
    {
        await using var db = instance.Database.CreateContext();
        return await db.EmailLog.AsNoTracking().Where(e => e.Event == EmailEvents.DomainPaused).ToListAsync();
    }
}
