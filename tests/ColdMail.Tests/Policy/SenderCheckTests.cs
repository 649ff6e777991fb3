using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Policy;

public sealed class SenderCheckTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_key_disabled_during_the_session_is_refused_at_the_next_command(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var session = node.Session();
        await session.LoginAsync(sender.Address, sender.Secret);
        var mail = await session.MailAsync("sales@acme.com");

        await Seed.UpdateAsync<AuthKey>(instance, k => k.Id == sender.Key.Id, k => k.IsEnabled = false);
        var rcpt = await session.RcptAsync("bob@example.com");
        var nextMail = await session.MailAsync("sales@acme.com");

        Assert.Equal(250, mail.Code);
        const string expected = "550 5.7.8 The auth key this session logged in with was disabled or removed; "
            + "reconnect with an enabled key of sales@acme.com\r\n";
        Assert.Equal(expected, rcpt.ToString());
        Assert.Equal(expected, nextMail.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_inactive_mailbox_is_refused_at_MAIL(DatabaseProvider provider)
    {
        var reply = await MailReplyAsync(provider, mailbox: m => m.IsActive = false);

        Assert.Equal("550 5.7.1 Mailbox sales@acme.com is inactive; a workspace admin must activate it before it "
            + "can send\r\n", reply);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task An_unverified_domain_is_refused_at_MAIL(DatabaseProvider provider)
    {
        var reply = await MailReplyAsync(provider, d => d.VerificationState = DomainVerificationState.Pending);

        Assert.Equal("550 5.7.1 Domain acme.com is not verified; publish its DNS records and verify it before "
            + "sending\r\n", reply);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_failing_domain_still_sends_within_its_grace_period(DatabaseProvider provider)
    {
        var reply = await MailReplyAsync(provider, d =>
        {
            d.VerificationState = DomainVerificationState.Failing;
            d.FailingSince = PolicyNode.DefaultStart - TimeSpan.FromHours(71);
        });

        Assert.Equal("250 2.1.0 Sender <sales@acme.com> ok\r\n", reply);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_failing_domain_past_its_grace_period_is_refused_naming_the_records(DatabaseProvider provider)
    {
        var reply = await MailReplyAsync(provider, d =>
        {
            d.VerificationState = DomainVerificationState.Failing;
            d.FailingSince = PolicyNode.DefaultStart - TimeSpan.FromHours(72);
        });

        Assert.Equal("550 5.7.1 Domain acme.com fails DNS authentication since 2026-03-07 09:30 UTC and its "
            + "72-hour grace period is over; fix its SPF, DKIM and DMARC records (see 'coldmail domain show') "
            + "and verify it again\r\n", reply);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_paused_domain_is_a_temporary_refusal_that_gives_the_reason(DatabaseProvider provider)
    {
        var reply = await MailReplyAsync(provider, d =>
        {
            d.PausedAt = PolicyNode.DefaultStart;
            d.PauseReason = "bounce rate 7.1% over 5%";
        });

        Assert.Equal("451 4.7.1 Domain acme.com is paused (bounce rate 7.1% over 5%); mail is accepted again when "
            + "a workspace admin resumes it\r\n", reply);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_paused_mailbox_is_a_temporary_refusal_even_without_a_reason(DatabaseProvider provider)
    {
        var reply = await MailReplyAsync(provider, mailbox: m => m.PausedAt = PolicyNode.DefaultStart);

        Assert.Equal("451 4.7.1 Mailbox sales@acme.com is paused (no reason given); mail is accepted again when "
            + "a workspace admin resumes it\r\n", reply);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_pause_reason_cannot_forge_reply_lines(DatabaseProvider provider)
    {
        var reply = await MailReplyAsync(provider, mailbox: m =>
        {
            m.PausedAt = PolicyNode.DefaultStart;
            m.PauseReason = "spam\r\n250 2.0.0 ok";
        });

        Assert.Equal("451 4.7.1 Mailbox sales@acme.com is paused (spam??250 2.0.0 ok); mail is accepted again when "
            + "a workspace admin resumes it\r\n", reply);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Checks_come_in_the_design_order_key_mailbox_domain_pause(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance,
            domain: d =>
            {
                d.VerificationState = DomainVerificationState.Pending;
                d.PausedAt = PolicyNode.DefaultStart;
            },
            mailbox: m => (m.IsActive, m.PausedAt) = (false, PolicyNode.DefaultStart));
        await using var node = PolicyNode.Create(instance);
        var session = node.Session();
        await session.LoginAsync(sender.Address, sender.Secret);

        var codes = new List<string>();
        codes.Add((await session.MailAsync("other@acme.com")).Text);
        await Seed.UpdateAsync<Mailbox>(instance, _ => true, m => m.IsActive = true);
        codes.Add((await session.MailAsync("other@acme.com")).Text);
        await Seed.UpdateAsync<Domain>(instance, _ => true,
            d => d.VerificationState = DomainVerificationState.Verified);
        codes.Add((await session.MailAsync("other@acme.com")).Text);
        await Seed.UpdateAsync<Domain>(instance, _ => true, d => d.PausedAt = null);
        codes.Add((await session.MailAsync("other@acme.com")).Text);
        await Seed.UpdateAsync<Mailbox>(instance, _ => true, m => m.PausedAt = null);
        codes.Add((await session.MailAsync("other@acme.com")).Text);

        Assert.Collection(codes,
            c => Assert.StartsWith("Mailbox sales@acme.com is inactive", c),
            c => Assert.StartsWith("Domain acme.com is not verified", c),
            c => Assert.StartsWith("Domain acme.com is paused", c),
            c => Assert.StartsWith("Mailbox sales@acme.com is paused", c),
            c => Assert.StartsWith("MAIL FROM must be", c));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task MAIL_FROM_must_be_the_mailbox_in_any_case(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await Seed.SenderAsync(instance, "ceo@acme.com");
        await using var node = PolicyNode.Create(instance);
        var session = node.Session();
        await session.LoginAsync(sender.Address, sender.Secret);

        var other = await session.MailAsync("ceo@acme.com");
        var nullPath = await session.MailAsync("");
        var anyCase = await session.MailAsync("<SALES@Acme.COM>");

        Assert.Equal("553 5.7.1 MAIL FROM must be <sales@acme.com>, the mailbox this session logged in as\r\n",
            other.ToString());
        Assert.Equal("553 5.7.1 The null reverse-path <> cannot be used for submission; use "
            + "MAIL FROM:<sales@acme.com>\r\n", nullPath.ToString());
        Assert.Equal("250 2.1.0 Sender <sales@acme.com> ok\r\n", anyCase.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Every_refusal_is_recorded_with_the_reply_given(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var session = node.Session("192.0.2.77");
        await session.LoginAsync(sender.Address, sender.Secret);

        var reply = await session.MailAsync("ceo@acme.com");

        await using var db = instance.Database.CreateContext();
        var entry = await db.EmailLog.AsNoTracking().SingleAsync(e => e.Event == EmailEvents.Rejected);
        Assert.Equal(
            (sender.Domain.WorkspaceId, (Guid?)sender.Domain.Id, "sales@acme.com", "192.0.2.77", (bool?)true),
            (entry.WorkspaceId, entry.DomainId, entry.Mailbox, entry.RemoteAddress, entry.Tls));
        Assert.Equal(
            (reply.Code, reply.EnhancedCode, reply.Text),
            (entry.Code!.Value, entry.EnhancedCode, entry.Detail!));
        Assert.Equal(PolicyNode.DefaultStart, entry.At);
    }

    [Fact]
    public async Task MAIL_before_a_login_asks_for_one()
    {
        await using var instance = await TestInstance.CreateAsync();
        await using var node = PolicyNode.Create(instance);

        var reply = await node.Session().MailAsync("sales@acme.com");

        Assert.Equal("530 5.7.0 Authentication required; log in with the mailbox address and an auth key before "
            + "MAIL\r\n", reply.ToString());
    }

    private static async Task<string> MailReplyAsync(
        DatabaseProvider provider,
        Action<Domain>? domain = null,
        Action<Mailbox>? mailbox = null)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: domain, mailbox: mailbox);
        await using var node = PolicyNode.Create(instance);
        var session = node.Session();
        var login = await session.LoginAsync(sender.Address, sender.Secret);
        Assert.Equal(235, login.Code);
        return (await session.MailAsync("sales@acme.com")).ToString();
    }
}
