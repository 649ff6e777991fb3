using System.Globalization;
using ColdMail.Configuration;
using ColdMail.Delivery;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Delivery;

public sealed class DeliveryTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_message_is_delivered_over_tls_and_the_attempt_is_logged_with_host_code_and_tls(
        DatabaseProvider provider)
    {
        await using var mx = TestSmtpServer.Start(tls: true);
        await using var harness = await DeliveryHarness.CreateAsync(provider, mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("alice@example.test");
        await harness.RunOnceAsync();

        var received = Assert.Single(mx.Messages);
        Assert.True(received.Tls);
        Assert.Equal("mail.test.example", received.Helo);
        Assert.Equal(["alice@example.test"], received.Recipients);
        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal(RecipientState.Delivered, recipient.State);
        Assert.Equal(1, recipient.Attempts);
        Assert.Null(recipient.LeaseOwner);
        var entry = Assert.Single(await harness.LogAsync(id));
        Assert.Equal(EmailEvents.Delivered, entry.Event);
        Assert.Equal("mx1.example.test", entry.Host);
        Assert.Equal("127.0.0.1", entry.RemoteAddress);
        Assert.Equal(250, entry.Code);
        Assert.Equal("2.0.0", entry.EnhancedCode);
        Assert.Equal("Queued", entry.Detail);
        Assert.True(entry.Tls);
        Assert.Equal("alice@example.test", entry.Recipient);
        Assert.Equal(DeliveryHarness.Sender, entry.Mailbox);
    }

    [Fact]
    public async Task The_envelope_sender_is_a_signed_return_path_that_names_the_message_and_recipient()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("alice@example.test");
        await harness.RunOnceAsync();

        var mailFrom = Assert.Single(mx.Messages).MailFrom;
        Assert.StartsWith("bounces+", mailFrom);
        Assert.EndsWith("@bounces.sender.test", mailFrom);
        Assert.True(mailFrom.IndexOf('@') <= 64);
        Assert.True(harness.Get<ReturnPath>().TryRead(mailFrom.ToUpperInvariant(), out var messageId, out var rcptId));
        Assert.Equal(id, messageId);
        Assert.Equal(Assert.Single(await harness.RecipientsAsync(id)).Id, rcptId);
    }

    [Fact]
    public async Task Recipients_at_one_domain_travel_in_one_transaction_and_other_domains_in_their_own()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);
        harness.RouteTo("other.test", mx);

        var id = await harness.EnqueueAsync("a@example.test", "b@other.test", "c@example.test");
        await harness.RunOnceAsync();

        var byDomain = mx.Messages.OrderBy(m => m.Recipients.Count).Select(m => m.Recipients).ToList();
        Assert.Equal([["b@other.test"], ["a@example.test", "c@example.test"]], byDomain);
        Assert.All(await harness.RecipientsAsync(id), r => Assert.Equal(RecipientState.Delivered, r.State));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_temporary_failure_is_retried_at_exactly_the_scheduled_time(DatabaseProvider provider)
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptRcpt("alice@example.test", "451 4.3.0 Greylisted, try again later");
        await using var harness = await DeliveryHarness.CreateAsync(provider, mx.Port);
        harness.RouteTo("example.test", mx);
        var start = harness.Time.GetUtcNow();

        var id = await harness.EnqueueAsync("alice@example.test");
        await harness.RunOnceAsync();

        var deferred = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal(RecipientState.Deferred, deferred.State);
        Assert.Equal(start + TimeSpan.FromMinutes(1), deferred.NextAttemptAt);
        Assert.Equal(451, deferred.LastCode);
        Assert.Empty(mx.Messages);

        harness.Time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await harness.RunOnceAsync());
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await harness.RunOnceAsync());

        Assert.Single(mx.Messages);
        var delivered = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal(RecipientState.Delivered, delivered.State);
        Assert.Equal(2, delivered.Attempts);
        var log = await harness.LogAsync(id);
        Assert.Equal([EmailEvents.Deferred, EmailEvents.Delivered], log.Select(e => e.Event));
        Assert.Equal((451, "4.3.0"), (log[0].Code, log[0].EnhancedCode));
        Assert.StartsWith("Greylisted, try again later", log[0].Detail);
        Assert.Equal("mx1.example.test", log[0].Host);
        Assert.False(log[0].Tls);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_unknown_mailbox_bounces_and_is_suppressed_for_the_workspace(DatabaseProvider provider)
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptRcpt("ghost@example.test", "550 5.1.1 The email account that you tried to reach does not exist");
        await using var harness = await DeliveryHarness.CreateAsync(provider, mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("Ghost@example.test");
        await harness.RunOnceAsync();

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal(RecipientState.Bounced, recipient.State);
        Assert.Equal("recipient", recipient.BounceClass);
        var suppression = Assert.Single(await harness.SuppressionsAsync());
        Assert.Equal("ghost@example.test", suppression.Address);
        Assert.Equal(DeliveryRecords.HardBounceReason, suppression.Reason);
        var log = await harness.LogAsync(id);
        Assert.Equal([EmailEvents.Bounced, EmailEvents.Suppressed], log.Select(e => e.Event));
        Assert.All(log, e => Assert.Equal((550, "5.1.1"), (e.Code, e.EnhancedCode)));
        Assert.Empty(mx.Messages);
    }

    [Fact]
    public async Task An_address_already_suppressed_is_not_suppressed_twice()
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptRcpt("ghost@example.test", "550 5.1.1 No such user", "550 5.1.1 No such user");
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var first = await harness.EnqueueAsync("ghost@example.test");
        var second = await harness.EnqueueAsync("ghost@example.test");
        await harness.DrainAsync();

        Assert.Single(await harness.SuppressionsAsync());
        var firstLog = (await harness.LogAsync(first)).Select(e => e.Event);
        Assert.Equal([EmailEvents.Bounced, EmailEvents.Suppressed], firstLog);
        Assert.Equal([EmailEvents.Bounced], (await harness.LogAsync(second)).Select(e => e.Event));
    }

    [Fact]
    public async Task A_destination_at_its_cap_for_a_whole_poll_interval_waits_another_without_an_attempt_counted()
    {
        await using var mx = TestSmtpServer.Start();
        var settings = new Dictionary<string, string?> { ["ColdMail:Delivery:Concurrency:example.test"] = "1" };
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port, settings: settings);
        harness.RouteTo("example.test", mx);
        var limiter = harness.Get<DestinationLimiter>();
        var busy = limiter.TryEnter("example.test");

        var id = await harness.EnqueueAsync("a@example.test");
        var pass = harness.RunOnceAsync();
        await Eventually.TrueAsync(() => limiter.Waiting == 1, "the delivery to wait for a slot");
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await pass;
        var waiting = Assert.Single(await harness.RecipientsAsync(id));
        busy!.Dispose();
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await harness.RunOnceAsync();

        Assert.Equal((RecipientState.Scheduled, 0), (waiting.State, waiting.Attempts));
        Assert.Equal(harness.Time.GetUtcNow(), waiting.NextAttemptAt);
        Assert.Equal(RecipientState.Delivered, Assert.Single(await harness.RecipientsAsync(id)).State);
        Assert.Equal(1, mx.ConnectionCount);
        Assert.Equal([EmailEvents.Delivered], (await harness.LogAsync(id)).Select(e => e.Event));
    }

    [Fact]
    public async Task A_delivery_waiting_at_its_destinations_cap_goes_out_as_soon_as_a_slot_frees()
    {
        await using var mx = TestSmtpServer.Start();
        var settings = new Dictionary<string, string?> { ["ColdMail:Delivery:Concurrency:example.test"] = "1" };
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port, settings: settings);
        harness.RouteTo("example.test", mx);
        var limiter = harness.Get<DestinationLimiter>();
        var busy = limiter.TryEnter("example.test");

        var id = await harness.EnqueueAsync("a@example.test");
        var pass = harness.RunOnceAsync();
        await Eventually.TrueAsync(() => limiter.Waiting == 1, "the delivery to wait for a slot");
        busy!.Dispose();
        await pass;

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Delivered, 1), (recipient.State, recipient.Attempts));
        Assert.Equal(0, limiter.Waiting);
        Assert.NotNull(limiter.TryEnter("example.test"));
    }

    [Fact]
    public async Task A_policy_refusal_bounces_as_the_senders_problem_without_suppression()
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptRcpt("alice@example.test", "550 5.7.1 Message rejected due to sender reputation");
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("alice@example.test");
        await harness.RunOnceAsync();

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal(RecipientState.Bounced, recipient.State);
        Assert.Equal("sender", recipient.BounceClass);
        Assert.Empty(await harness.SuppressionsAsync());
        Assert.Equal([EmailEvents.Bounced], (await harness.LogAsync(id)).Select(e => e.Event));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task One_transaction_delivers_some_recipients_while_others_bounce_or_wait(bool pipelining)
    {
        await using var mx = TestSmtpServer.Start();
        mx.Pipelining = pipelining;
        mx.ScriptRcpt("b@example.test", "550 5.1.1 No such user");
        mx.ScriptRcpt("c@example.test", "452 4.2.2 Mailbox full");
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("a@example.test", "b@example.test", "c@example.test");
        await harness.RunOnceAsync();

        Assert.Equal(["a@example.test"], Assert.Single(mx.Messages).Recipients);
        var states = (await harness.RecipientsAsync(id)).Select(r => r.State);
        Assert.Equal([RecipientState.Delivered, RecipientState.Bounced, RecipientState.Deferred], states);
        Assert.Equal(0, mx.UnexpectedPipelining);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_every_recipient_is_refused_no_data_is_sent_and_each_keeps_its_own_reply(bool pipelining)
    {
        await using var mx = TestSmtpServer.Start();
        mx.Pipelining = pipelining;
        mx.ScriptRcpt("a@example.test", "550 5.1.1 No such user");
        mx.ScriptRcpt("b@example.test", "451 4.7.1 Try later");
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("a@example.test", "b@example.test");
        await harness.RunOnceAsync();

        Assert.Empty(mx.Messages);
        var recipients = await harness.RecipientsAsync(id);
        Assert.Equal([RecipientState.Bounced, RecipientState.Deferred], recipients.Select(r => r.State));
        Assert.Equal([550, 451], recipients.Select(r => r.LastCode ?? 0));
        Assert.Equal(0, mx.UnexpectedPipelining);

        // The session was left clean (RSET) and carries the next message.
        await harness.EnqueueAsync("c@example.test");
        await harness.RunOnceAsync();
        Assert.Equal(["c@example.test"], Assert.Single(mx.Messages).Recipients);
        Assert.Equal(1, mx.ConnectionCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_refused_sender_bounces_every_recipient_as_the_senders_problem(bool pipelining)
    {
        await using var mx = TestSmtpServer.Start();
        mx.Pipelining = pipelining;
        mx.ScriptMail("550 5.7.26 Unauthenticated email is not accepted from this domain");
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("a@example.test", "b@example.test");
        await harness.RunOnceAsync();

        var recipients = await harness.RecipientsAsync(id);
        Assert.All(recipients, r => Assert.Equal((RecipientState.Bounced, "sender", "5.7.26"),
            (r.State, r.BounceClass, r.LastEnhancedCode)));
        Assert.Empty(await harness.SuppressionsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_rejection_after_the_data_bounces_the_accepted_recipients(bool pipelining)
    {
        await using var mx = TestSmtpServer.Start();
        mx.Pipelining = pipelining;
        mx.ScriptData("554 5.7.1 Message content rejected");
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Bounced, "sender", 554),
            (recipient.State, recipient.BounceClass, recipient.LastCode));
    }

    [Fact]
    public async Task A_host_that_refuses_the_session_in_its_greeting_bounces_as_the_senders_problem()
    {
        await using var mx = TestSmtpServer.Start();
        mx.Greeting = "554 5.7.1 Service unavailable; client host blocked using a blocklist";
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Bounced, "sender", "5.7.1"),
            (recipient.State, recipient.BounceClass, recipient.LastEnhancedCode));
        Assert.Empty(await harness.SuppressionsAsync());
    }

    [Fact]
    public async Task A_host_that_is_busy_in_its_greeting_defers()
    {
        await using var mx = TestSmtpServer.Start();
        mx.Greeting = "421 4.3.2 Too many connections, try later";
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        var entry = Assert.Single(await harness.LogAsync(id));
        Assert.Equal((EmailEvents.Deferred, 421, "4.3.2"), (entry.Event, entry.Code, entry.EnhancedCode));
    }

    [Fact]
    public async Task Delivery_gives_up_once_the_message_is_older_than_the_maximum_age()
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptRcpt("a@example.test", [.. Enumerable.Repeat("421 4.7.0 Try again later", 10)]);
        var settings = new Dictionary<string, string?>
        {
            ["ColdMail:Delivery:MaxAgeHours"] = "1",
            ["ColdMail:Delivery:RetrySchedule:0"] = "00:25:00",
        };
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port, settings: settings);
        harness.RouteTo("example.test", mx);
        var start = harness.Time.GetUtcNow();

        var id = await harness.EnqueueAsync("a@example.test");
        var attempts = new List<DateTimeOffset>();
        for (var i = 0; i < 6; i++)
        {
            if (await harness.RunOnceAsync() > 0)
            {
                attempts.Add(harness.Time.GetUtcNow());
            }
            var next = Assert.Single(await harness.RecipientsAsync(id)).NextAttemptAt;
            harness.Time.SetUtcNow(next > harness.Time.GetUtcNow() ? next : harness.Time.GetUtcNow());
        }

        // 0, 25 and 50 minutes on the schedule, then once more at the deadline itself.
        Assert.Equal([0, 25, 50, 60], attempts.Select(a => (a - start).TotalMinutes));
        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal(RecipientState.Expired, recipient.State);
        var log = await harness.LogAsync(id);
        Assert.Equal([EmailEvents.Deferred, EmailEvents.Deferred, EmailEvents.Deferred, EmailEvents.Expired],
            log.Select(e => e.Event));
        Assert.Equal(421, log[^1].Code);
    }

    [Fact]
    public async Task A_domain_with_a_null_MX_bounces_at_once_without_a_connection()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.Dns.AddMx("nomail.test", 0, ".");

        var id = await harness.EnqueueAsync("a@nomail.test");
        await harness.RunOnceAsync();

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal((RecipientState.Bounced, 556, "5.1.10"),
            (recipient.State, recipient.LastCode, recipient.LastEnhancedCode));
        Assert.Equal(0, mx.ConnectionCount);
        Assert.Equal(EmailEvents.Bounced, (await harness.LogAsync(id))[0].Event);
    }

    [Fact]
    public async Task When_the_first_MX_refuses_the_connection_the_next_one_takes_the_message()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.Dns.AddMx("example.test", 10, "mx1.example.test");
        harness.Dns.AddMx("example.test", 20, "mx2.example.test");
        // Nothing listens on 127.0.0.2 at this port, so the preferred host refuses.
        harness.Dns.AddA("mx1.example.test", "127.0.0.2");
        harness.Dns.AddA("mx2.example.test", "127.0.0.1");

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        Assert.Single(mx.Messages);
        var entry = Assert.Single(await harness.LogAsync(id));
        Assert.Equal((EmailEvents.Delivered, "mx2.example.test"), (entry.Event, entry.Host));
    }

    [Fact]
    public async Task A_domain_without_MX_records_takes_mail_at_its_own_address()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.Dns.AddA("example.test", "127.0.0.1");

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        Assert.Single(mx.Messages);
        Assert.Equal("example.test", Assert.Single(await harness.LogAsync(id)).Host);
    }

    [Fact]
    public async Task When_no_host_answers_the_recipient_is_deferred_with_the_connection_failure()
    {
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: FreePort.Next());
        harness.Dns.AddMx("example.test", 10, "mx1.example.test");
        harness.Dns.AddA("mx1.example.test", "127.0.0.1");

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal(RecipientState.Deferred, recipient.State);
        Assert.Null(recipient.LastCode);
        var entry = Assert.Single(await harness.LogAsync(id));
        Assert.Contains("ConnectionRefused", entry.Detail);
        Assert.Equal("mx1.example.test", entry.Host);
    }

    [Fact]
    public async Task A_body_that_is_not_in_the_body_files_as_written_is_never_sent_and_its_recipient_waits()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);
        var id = await harness.EnqueueAsync("a@example.test");
        // What a power cut before the body's flush leaves: the row survived, the bytes on disk are not the body.
        await using (var db = harness.Instance.Database.CreateContext())
        {
            await db.Messages.Where(m => m.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.BodyChecksum, m => m.BodyChecksum + 1));
        }

        await harness.RunOnceAsync();

        Assert.Equal(0, mx.ConnectionCount);
        Assert.Equal(RecipientState.Deferred, Assert.Single(await harness.RecipientsAsync(id)).State);
        var entry = Assert.Single(await harness.LogAsync(id));
        Assert.Equal(EmailEvents.Deferred, entry.Event);
        Assert.Contains("missing from storage or damaged", entry.Detail);
    }

    [Fact]
    public async Task Many_messages_to_one_domain_share_one_connection()
    {
        await using var mx = TestSmtpServer.Start(tls: true);
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        for (var i = 0; i < 12; i++)
        {
            await harness.EnqueueAsync($"person{i}@example.test");
        }
        await harness.DrainAsync();

        Assert.Equal(12, mx.Messages.Count);
        Assert.Equal(1, mx.ConnectionCount);
    }

    [Fact]
    public async Task A_server_that_never_answers_the_data_is_given_up_on_after_the_data_timeout()
    {
        await using var mx = TestSmtpServer.Start();
        mx.ScriptData(TestSmtpServer.Silence);
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);

        var id = await harness.EnqueueAsync("a@example.test");
        var pass = harness.RunOnceAsync();
        await mx.Silenced.WaitAsync(TimeSpan.FromSeconds(20));
        harness.Time.Advance(TimeSpan.FromSeconds(600));
        await pass.WaitAsync(TimeSpan.FromSeconds(20));

        var recipient = Assert.Single(await harness.RecipientsAsync(id));
        Assert.Equal(RecipientState.Deferred, recipient.State);
        Assert.Contains("within 600 seconds", Assert.Single(await harness.LogAsync(id)).Detail);
    }

    [Fact]
    public async Task Without_an_active_DKIM_key_nothing_is_sent_and_the_message_waits()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);
        harness.Keys.Enabled = false;

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        Assert.Equal(0, mx.ConnectionCount);
        Assert.Equal(RecipientState.Deferred, Assert.Single(await harness.RecipientsAsync(id)).State);
        Assert.Contains("no active DKIM key", Assert.Single(await harness.LogAsync(id)).Detail);
    }

    [Fact]
    public async Task Queued_mail_of_a_paused_domain_waits_and_goes_once_the_domain_is_resumed()
    {
        await using var mx = TestSmtpServer.Start();
        await using var harness = await DeliveryHarness.CreateAsync(remotePort: mx.Port);
        harness.RouteTo("example.test", mx);
        var id = await harness.EnqueueAsync("a@example.test");
        await SetPausedAsync(harness, harness.Time.GetUtcNow());

        await harness.RunOnceAsync();
        await SetPausedAsync(harness, null);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.RunOnceAsync();

        var log = await harness.LogAsync(id);
        Assert.Equal([EmailEvents.Deferred, EmailEvents.Delivered], log.Select(e => e.Event));
        Assert.Contains("sender.test is paused", log[0].Detail);
        Assert.Equal(1, mx.ConnectionCount);
    }

    [Fact]
    public async Task A_smarthost_carries_all_mail_after_authenticating()
    {
        await using var relay = TestSmtpServer.Start();
        relay.RequiredCredentials = new System.Net.NetworkCredential("relay-user", "relay-secret");
        await using var harness = await DeliveryHarness.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["ColdMail:Delivery:Smarthost:Host"] = "127.0.0.1",
            ["ColdMail:Delivery:Smarthost:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture),
            ["ColdMail:Delivery:Smarthost:Tls"] = "None",
            ["ColdMail:Delivery:Smarthost:UserName"] = "relay-user",
            ["ColdMail:Delivery:Smarthost:Password"] = "relay-secret",
        });

        var id = await harness.EnqueueAsync("a@example.test", "b@elsewhere.test");
        await harness.RunOnceAsync();

        Assert.Equal(2, relay.Messages.Count);
        Assert.All(await harness.RecipientsAsync(id), r => Assert.Equal(RecipientState.Delivered, r.State));
        Assert.All(await harness.LogAsync(id), e => Assert.Equal("127.0.0.1", e.Host));
    }

    [Fact]
    public async Task Wrong_smarthost_credentials_defer_rather_than_bounce()
    {
        await using var relay = TestSmtpServer.Start();
        relay.RequiredCredentials = new System.Net.NetworkCredential("relay-user", "relay-secret");
        await using var harness = await DeliveryHarness.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["ColdMail:Delivery:Smarthost:Host"] = "127.0.0.1",
            ["ColdMail:Delivery:Smarthost:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture),
            ["ColdMail:Delivery:Smarthost:Tls"] = "None",
            ["ColdMail:Delivery:Smarthost:UserName"] = "relay-user",
            ["ColdMail:Delivery:Smarthost:Password"] = "wrong",
        });

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        Assert.Empty(relay.Messages);
        var entry = Assert.Single(await harness.LogAsync(id));
        Assert.Equal(EmailEvents.Deferred, entry.Event);
        Assert.Contains("Delivery:Smarthost", entry.Detail);
        Assert.DoesNotContain("wrong", entry.Detail);
    }

    [Fact]
    public async Task A_smarthost_whose_certificate_does_not_verify_is_not_used()
    {
        await using var relay = TestSmtpServer.Start(tls: true);
        await using var harness = await DeliveryHarness.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["ColdMail:Delivery:Smarthost:Host"] = "127.0.0.1",
            ["ColdMail:Delivery:Smarthost:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture),
        });

        var id = await harness.EnqueueAsync("a@example.test");
        await harness.RunOnceAsync();

        Assert.Empty(relay.Messages);
        var entry = Assert.Single(await harness.LogAsync(id));
        Assert.Equal(EmailEvents.Deferred, entry.Event);
        Assert.Contains("TLS handshake", entry.Detail);
    }

    private static async Task SetPausedAsync(DeliveryHarness harness, DateTimeOffset? pausedAt)
    {
        await using var db = harness.Instance.Database.CreateContext();
        var domain = await db.Domains.SingleAsync(d => d.Id == harness.DomainId);
        domain.PausedAt = pausedAt;
        await db.SaveChangesAsync();
    }
}
