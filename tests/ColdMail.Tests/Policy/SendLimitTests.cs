using ColdMail.Configuration;
using ColdMail.Policy;
using ColdMail.Smtp;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Queue;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Policy;

public sealed class SendLimitTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_hourly_limit_resets_at_the_next_clock_hour(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.HourlyLimit = 1);
        await using var node = PolicyNode.Create(instance, At("2026-03-10T14:59:30Z"));
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        var first = await session.RcptAsync("a@example.com");
        var second = await session.RcptAsync("b@example.com");
        node.Time.Advance(TimeSpan.FromSeconds(30));
        var nextHour = await session.RcptAsync("c@example.com");

        Assert.Equal(250, first.Code);
        Assert.Equal("451 4.7.1 Hourly limit of 1 message for acme.com reached; resets at 15:00 UTC\r\n",
            second.ToString());
        Assert.Equal(250, nextHour.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_last_hour_of_the_day_resets_at_midnight(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.HourlyLimit = 2);
        await using var node = PolicyNode.Create(instance, At("2026-03-10T23:30:00Z"));
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        await session.RcptAsync("a@example.com");
        await session.RcptAsync("b@example.com");
        var reply = await session.RcptAsync("c@example.com");

        Assert.Equal("451 4.7.1 Hourly limit of 2 messages for acme.com reached; resets at 00:00 UTC\r\n",
            reply.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_domain_daily_limit_resets_at_midnight_UTC(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 50);
        await using var node = PolicyNode.Create(instance, At("2026-03-10T23:59:59Z"));
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(250, (await session.RcptAsync($"r{i}@example.com")).Code);
        }
        var full = await session.RcptAsync("late@example.com");
        node.Time.Advance(TimeSpan.FromSeconds(1));
        var nextDay = await session.RcptAsync("late@example.com");

        Assert.Equal("451 4.7.1 Daily limit of 50 messages for acme.com reached; resets at 00:00 UTC\r\n",
            full.ToString());
        Assert.Equal(250, nextDay.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_mailbox_has_its_own_cap_or_the_domain_default(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sales = await Seed.SenderAsync(instance, domain: d => d.MailboxDailyLimit = 2);
        var ops = await Seed.SenderAsync(instance, "ops@acme.com", mailbox: m => m.DailyLimit = 1);
        await using var node = PolicyNode.Create(instance);
        var salesSession = await RecipientCheckTests.OpenAsync(node, sales);
        var opsSession = await RecipientCheckTests.OpenAsync(node, ops);

        var salesReplies = new[]
        {
            await salesSession.RcptAsync("a@example.com"),
            await salesSession.RcptAsync("b@example.com"),
            await salesSession.RcptAsync("c@example.com"),
        };
        var opsReplies = new[]
        {
            await opsSession.RcptAsync("a@example.com"),
            await opsSession.RcptAsync("b@example.com"),
        };

        Assert.Equal([250, 250, 451], salesReplies.Select(r => r.Code));
        Assert.Equal("Daily limit of 2 messages for sales@acme.com reached; resets at 00:00 UTC",
            salesReplies[2].Text);
        Assert.Equal([250, 451], opsReplies.Select(r => r.Code));
        Assert.Equal("Daily limit of 1 message for ops@acme.com reached; resets at 00:00 UTC", opsReplies[1].Text);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_domain_limit_is_named_before_the_mailbox_limit(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => (d.HourlyLimit, d.DailyLimit) = (1, 1),
            mailbox: m => m.DailyLimit = 1);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        await session.RcptAsync("a@example.com");
        var reply = await session.RcptAsync("b@example.com");

        Assert.StartsWith("Hourly limit of 1 message for acme.com", reply.Text);
    }

    public static TheoryData<DatabaseProvider, int, int, string> WarmupDays => new()
    {
        { DatabaseProvider.Sqlite, 0, 10, "Warm-up limit of 10 messages for acme.com on day 1 reached" },
        { DatabaseProvider.Sqlite, 1, 15, "Warm-up limit of 15 messages for acme.com on day 2 reached" },
        { DatabaseProvider.Sqlite, 5, 30, "Daily limit of 30 messages for acme.com reached" },
        { DatabaseProvider.Postgres, 0, 10, "Warm-up limit of 10 messages for acme.com on day 1 reached" },
        { DatabaseProvider.Postgres, 1, 15, "Warm-up limit of 15 messages for acme.com on day 2 reached" },
        { DatabaseProvider.Postgres, 5, 30, "Daily limit of 30 messages for acme.com reached" },
    };

    [SkippableTheory]
    [MemberData(nameof(WarmupDays))]
    public async Task The_warmup_allows_start_plus_step_per_day_up_to_the_daily_limit(
        DatabaseProvider provider,
        int day,
        int cap,
        string refusal)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var today = DateOnly.FromDateTime(PolicyNode.DefaultStart.UtcDateTime);
        var sender = await Seed.SenderAsync(instance, domain: d =>
        {
            (d.WarmupStart, d.WarmupStep, d.DailyLimit) = (10, 5, 30);
            d.SendingStartedOn = day == 0 ? null : today.AddDays(-day);
        });
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        var accepted = 0;
        SmtpReply reply;
        while ((reply = await session.RcptAsync($"r{accepted}@example.com")).Code == 250)
        {
            accepted++;
        }

        Assert.Equal(cap, accepted);
        Assert.Equal($"{refusal}; resets at 00:00 UTC", reply.Text);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_first_accepted_message_starts_the_warmup_clock(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => (d.WarmupStart, d.WarmupStep) = (10, 5));
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);
        await session.RcptAsync("bob@example.com");

        var before = await StartedOnAsync(instance, sender);
        var reply = await session.DataAsync(Seed.Message());
        var after = await StartedOnAsync(instance, sender);

        Assert.Equal(250, reply.Code);
        Assert.Null(before);
        Assert.Equal(new DateOnly(2026, 3, 10), after);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Abandoning_a_transaction_gives_its_units_back(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => (d.HourlyLimit, d.DailyLimit) = (3, 3),
            mailbox: m => m.DailyLimit = 3);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);
        for (var i = 0; i < 3; i++)
        {
            await session.RcptAsync($"r{i}@example.com");
        }

        var held = await Counters.TotalAsync(instance, "");
        await session.AbandonAsync();
        var released = await Counters.TotalAsync(instance, "");
        var again = await RecipientCheckTests.OpenAsync(node, sender);
        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await again.RcptAsync($"s{i}@example.com")).Code);
        }

        Assert.Equal(9, held);
        Assert.Equal(0, released);
        Assert.Equal([250, 250, 250, 451], codes);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_refused_message_gives_its_units_back_and_an_accepted_one_keeps_them(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);
        await session.RcptAsync("a@example.com");
        await session.RcptAsync("b@example.com");

        var refused = await session.DataAsync(Seed.Message(from: "ceo@acme.com"));
        var afterRefusal = await Counters.DomainDayAsync(instance, sender);
        await session.MailAsync(sender.Address);
        await session.RcptAsync("a@example.com");
        var accepted = await session.DataAsync(Seed.Message());
        await session.AbandonAsync();
        var afterAcceptance = await Counters.DomainDayAsync(instance, sender);

        Assert.Equal((550, 250), (refused.Code, accepted.Code));
        Assert.Equal(0, afterRefusal);
        Assert.Equal(1, afterAcceptance);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Parallel_sessions_on_two_nodes_never_pass_the_cap(DatabaseProvider provider)
    {
        const int cap = 20;
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = cap);
        await using var first = PolicyNode.Create(instance);
        await using var second = PolicyNode.Create(instance);
        var sessions = new List<SmtpSession>();
        for (var i = 0; i < 16; i++)
        {
            sessions.Add(await RecipientCheckTests.OpenAsync(i % 2 == 0 ? first : second, sender));
        }

        var replies = await Task.WhenAll(sessions.Select((s, i) => Task.Run(async () =>
        {
            var codes = new List<int>();
            for (var r = 0; r < 3; r++)
            {
                codes.Add((await s.RcptAsync($"s{i}r{r}@example.com")).Code);
            }
            return codes;
        })));
        var messages = await Task.WhenAll(sessions.Where(s => s.Context.Recipients.Count > 0)
            .Select(s => Task.Run(() => s.DataAsync(Seed.Message()))));

        Assert.Equal(cap, replies.SelectMany(c => c).Count(c => c == 250));
        Assert.Equal(48 - cap, replies.SelectMany(c => c).Count(c => c == 451));
        Assert.Equal(cap, await Counters.DomainDayAsync(instance, sender));
        Assert.All(messages, m => Assert.Equal(250, m.Code));
        await using var db = instance.Database.CreateContext();
        Assert.Equal(cap, await db.MessageRecipients.CountAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_full_mailbox_limit_takes_back_the_domain_unit_taken_before_it(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10, mailbox: m => m.DailyLimit = 1);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        var first = await session.RcptAsync("a@example.com");
        var second = await session.RcptAsync("b@example.com");

        Assert.Equal([250, 451], new[] { first.Code, second.Code });
        Assert.Equal(1, await Counters.DomainDayAsync(instance, sender));
        Assert.Equal(1, await Counters.MailboxDayAsync(instance, sender));
    }

    [Fact]
    public async Task On_SQLite_reservations_share_one_commit_and_a_full_one_undoes_only_its_own_units()
    {
        await using var instance = await TestInstance.CreateAsync();
        await using var node = PolicyNode.Create(instance);
        var counters = node.Services.GetRequiredService<SendCounterStore>();
        var acceptor = node.Acceptor;
        var day = PolicyNode.DefaultStart.Date;
        SendLimit Limit(string scope, int cap) => new(
            SendLimitKind.DomainDaily, new CounterSlot(scope, day, 1), cap, scope, day.AddDays(1));
        List<SendLimit> open = [Limit("domain:open", 100), Limit("mailbox:open", 100)];
        // The domain has room, the mailbox has none: its domain unit must not stay taken.
        List<SendLimit> full = [Limit("domain:open", 100), Limit("mailbox:full", 0)];
        var before = acceptor.BatchesCommitted;

        Task<SendLimit?> first;
        var rest = new List<Task<SendLimit?>>();
        await using (await WriteLock.TakeAsync(instance))
        {
            // Queued at once: the writer takes the first and waits for the lock with it.
            first = counters.TryReserveAsync(open, CancellationToken.None);
            await Eventually.TrueAsync(() => acceptor.QueuedWrites == 0, "the first reservation to be taken");
            for (var i = 0; i < 5; i++)
            {
                rest.Add(counters.TryReserveAsync(i == 2 ? full : open, CancellationToken.None));
            }
            Assert.Equal(5, acceptor.QueuedWrites);
        }
        var results = await Task.WhenAll(rest.Prepend(first));

        Assert.Equal([null, null, null, "mailbox:full", null, null], results.Select(r => r?.Slot.Scope));
        // Six reservations, two commits: the one that waited for the lock, and one for all queued behind it.
        Assert.Equal(2, acceptor.BatchesCommitted - before);
        Assert.Equal(5, await Counters.TotalAsync(instance, "domain:open"));
        Assert.Equal(5, await Counters.TotalAsync(instance, "mailbox:open"));
        Assert.Equal(0, await Counters.TotalAsync(instance, "mailbox:full"));
    }

    [Fact]
    public async Task A_connection_that_made_a_reservation_commits_with_full_sync_afterwards()
    {
        await using var instance = await TestInstance.CreateAsync();
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);
        await session.RcptAsync("bob@example.com");

        await using var db = instance.Database.CreateContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous;";

        Assert.Equal(2L, await command.ExecuteScalarAsync());
    }

    private static FakeTimeProvider At(string instant) => new(DateTimeOffset.Parse(instant));

    private static async Task<DateOnly?> StartedOnAsync(TestInstance instance, SeededSender sender)
    {
        await using var db = instance.Database.CreateContext();
        return (await db.Domains.AsNoTracking().SingleAsync(d => d.Id == sender.Domain.Id)).SendingStartedOn;
    }
}
