using ColdMail.Configuration;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Policy;

public sealed class SendingHoursPolicyTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_recipient_outside_the_sending_hours_is_deferred_until_they_open(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: Berlin("09:00", "17:00"));
        // 07:59:30 UTC is 08:59:30 in Berlin in winter.
        await using var node = PolicyNode.Create(instance, new FakeTimeProvider(
            DateTimeOffset.Parse("2026-01-15T07:59:30Z")));
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        var early = await session.RcptAsync("a@example.com");
        node.Time.Advance(TimeSpan.FromSeconds(30));
        var onTime = await session.RcptAsync("b@example.com");

        Assert.Equal("451 4.7.1 Domain acme.com sends only between 09:00 and 17:00 Europe/Berlin; "
            + "sending resumes at 09:00 (08:00 UTC)\r\n", early.ToString());
        Assert.Equal(250, onTime.Code);
        await using var db = instance.Database.CreateContext();
        var refused = await db.EmailLog.SingleAsync(e => e.Recipient == "a@example.com");
        Assert.Equal(451, refused.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_window_across_midnight_closes_at_its_end(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: Berlin("22:00", "06:00"));
        await using var node = PolicyNode.Create(instance, new FakeTimeProvider(
            DateTimeOffset.Parse("2026-07-01T03:59:00Z")));
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        var inside = await session.RcptAsync("a@example.com");
        node.Time.Advance(TimeSpan.FromMinutes(1));
        var atEnd = await session.RcptAsync("b@example.com");

        Assert.Equal(250, inside.Code);
        Assert.Equal("451 4.7.1 Domain acme.com sends only between 22:00 and 06:00 Europe/Berlin; "
            + "sending resumes at 22:00 (20:00 UTC)\r\n", atEnd.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_zone_missing_from_the_system_refuses_for_now(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d =>
        {
            Berlin("09:00", "17:00")(d);
            d.SendingTimeZone = "Europe/Atlantis";
        });
        await using var node = PolicyNode.Create(instance, new FakeTimeProvider(
            DateTimeOffset.Parse("2026-01-15T10:00:00Z")));
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        var reply = await session.RcptAsync("a@example.com");

        Assert.Equal((451, "4.3.5"), (reply.Code, reply.EnhancedCode));
    }

    private static Action<Domain> Berlin(string start, string end) => d =>
    {
        d.SendingHoursStart = TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        d.SendingHoursEnd = TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture);
        d.SendingTimeZone = "Europe/Berlin";
    };
}
