using System.Text;
using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Policy;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Queue;

public sealed class DurableAcceptanceTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_acknowledged_message_is_fully_stored_before_the_reply(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender, "192.0.2.44");
        await session.RcptAsync("Bob@Example.COM");
        await session.RcptAsync("<jörg@Bücher.example>");
        var content = Seed.Message();

        var reply = await session.DataAsync(content);

        Assert.Matches("^250 2.0.0 Ok: queued as [0-9a-f]{32}\r\n$", reply.ToString());
        var id = Guid.ParseExact(reply.Text["Ok: queued as ".Length..], "N");
        await using var db = instance.Database.CreateContext();
        var message = await db.Messages.AsNoTracking().Include(m => m.Recipients).SingleAsync();
        Assert.Equal(id, message.Id);
        Assert.Equal(
            (sender.Domain.WorkspaceId, sender.Domain.Id, sender.Mailbox.Id, (Guid?)sender.Key.Id, "sales@acme.com"),
            (message.WorkspaceId, message.DomainId, message.MailboxId, message.AuthKeyId, message.MailFrom));
        Assert.Equal((PolicyNode.DefaultStart, "192.0.2.44"), (message.ReceivedAt, message.ClientAddress));
        Assert.Equal($"<{id:N}@acme.com>", message.HeaderMessageId);
        var body = Assert.IsType<byte[]>(await instance.Database.ReadBodyAsync(id, CancellationToken.None));
        Assert.EndsWith(content, Encoding.UTF8.GetString(body));
        Assert.Equal(body.LongLength, message.Size);
        // On a SQLite file the body is in the body files, not in the database.
        Assert.Equal(provider == DatabaseProvider.Sqlite, message.BodySegment is not null);
        Assert.Equal(provider == DatabaseProvider.Postgres, await db.MessageBodies.AnyAsync());
        Assert.Equal(
            [("Bob@example.com", "example.com"), ("jörg@xn--bcher-kva.example", "xn--bcher-kva.example")],
            message.Recipients.OrderBy(r => r.Id).Select(r => (r.Address, r.Domain)));
        Assert.All(message.Recipients, r =>
            Assert.Equal((RecipientState.Scheduled, PolicyNode.DefaultStart), (r.State, r.NextAttemptAt)));
        var log = await db.EmailLog.AsNoTracking().Where(e => e.MessageId == id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [(EmailEvents.Received, null), (EmailEvents.Queued, "Bob@example.com"),
                (EmailEvents.Queued, "jörg@xn--bcher-kva.example")],
            log.Select(e => (e.Event, e.Recipient)));
        Assert.Equal((250, "2.0.0", reply.Text, "192.0.2.44"),
            (log[0].Code!.Value, log[0].EnhancedCode, log[0].Detail, log[0].RemoteAddress));
        Assert.True(await node.Signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_storage_failure_answers_451_with_the_session_and_leaves_nothing(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => (d.DailyLimit, d.WarmupStart) = (10, 10));
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);
        await session.RcptAsync("bob@example.com");
        await session.RcptAsync("carol@example.com");
        await StorageFault.BreakRecipientsAsync(instance);

        var reply = await session.DataAsync(Seed.Message());

        Assert.Equal("451 4.3.0 Temporary local problem, nothing was stored; try again later "
            + $"(session {session.Context.SessionId})\r\n", reply.ToString());
        await using var db = instance.Database.CreateContext();
        Assert.Equal(0, await db.Messages.CountAsync());
        Assert.Equal(0, await db.MessageBodies.CountAsync());
        Assert.Equal(0, await db.MessageRecipients.CountAsync());
        Assert.Equal(0, await db.EmailLog.CountAsync(e => e.Event != EmailEvents.Rejected));
        Assert.Null((await db.Domains.AsNoTracking().SingleAsync()).SendingStartedOn);
        Assert.Equal(0, await Counters.TotalAsync(instance, ""));
        var rejected = await db.EmailLog.AsNoTracking().Where(e => e.Event == EmailEvents.Rejected).ToListAsync();
        Assert.Equal(["bob@example.com", "carol@example.com"], rejected.Select(e => e.Recipient).Order());
        Assert.All(rejected, e => Assert.Equal((451, "4.3.0"), (e.Code!.Value, e.EnhancedCode)));
        Assert.Contains(node.Logs.Lines, l => l.StartsWith("Error") && l.Contains(session.Context.SessionId));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Concurrent_messages_are_all_acknowledged_with_their_own_ids_and_stored(DatabaseProvider provider)
    {
        const int sessions = 24;
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var open = new List<SmtpSession>();
        for (var i = 0; i < sessions; i++)
        {
            var session = await RecipientCheckTests.OpenAsync(node, sender);
            await session.RcptAsync($"r{i}@example.com");
            open.Add(session);
        }

        var replies = await Task.WhenAll(open.Select(s => Task.Run(() => s.DataAsync(Seed.Message()))));

        Assert.All(replies, r => Assert.Equal((250, "2.0.0"), (r.Code, r.EnhancedCode)));
        var ids = replies.Select(r => Guid.ParseExact(r.Text["Ok: queued as ".Length..], "N")).ToHashSet();
        Assert.Equal(sessions, ids.Count);
        await using var db = instance.Database.CreateContext();
        Assert.Equal(ids.Order(), (await db.Messages.Select(m => m.Id).ToListAsync()).Order());
        foreach (var id in ids)
        {
            Assert.NotNull(await instance.Database.ReadBodyAsync(id, CancellationToken.None));
        }
        Assert.Equal(sessions, await db.MessageRecipients.CountAsync());
        Assert.Equal(sessions, await db.EmailLog.CountAsync(e => e.Event == EmailEvents.Queued));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_message_after_shutdown_began_is_refused_temporarily_and_its_units_go_back(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);
        await session.RcptAsync("bob@example.com");

        await node.Acceptor.StopAsync(CancellationToken.None);
        var reply = await session.DataAsync(Seed.Message());

        Assert.Equal("451 4.3.2 Server is shutting down and did not accept the message; try again shortly\r\n",
            reply.ToString());
        Assert.Equal(0, await Counters.DomainDayAsync(instance, sender));
    }

    [Fact]
    public async Task On_SQLite_a_recipient_after_shutdown_began_is_refused_temporarily_and_takes_no_unit()
    {
        await using var instance = await TestInstance.CreateAsync();
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);

        // On SQLite the shared writer takes the units: once it has stopped, no recipient can be counted.
        await node.Acceptor.StopAsync(CancellationToken.None);
        var reply = await session.RcptAsync("bob@example.com");

        Assert.Equal("451 4.3.2 Server is shutting down and did not accept the recipient; try again shortly\r\n",
            reply.ToString());
        Assert.Equal(0, await Counters.DomainDayAsync(instance, sender));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_header_From_of_another_address_is_refused_and_recorded(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var session = await RecipientCheckTests.OpenAsync(node, sender);
        await session.RcptAsync("bob@example.com");

        var reply = await session.DataAsync(Seed.Message(from: "The CEO <ceo@acme.com>"));

        Assert.Equal("550 5.7.1 Header From must be <sales@acme.com> (any display name), not <ceo@acme.com>\r\n",
            reply.ToString());
        await using var db = instance.Database.CreateContext();
        Assert.Equal(0, await db.Messages.CountAsync());
        var entry = await db.EmailLog.AsNoTracking().SingleAsync(e => e.Event == EmailEvents.Rejected);
        Assert.Equal(("bob@example.com", 550, reply.Text), (entry.Recipient, entry.Code!.Value, entry.Detail));
    }
}
