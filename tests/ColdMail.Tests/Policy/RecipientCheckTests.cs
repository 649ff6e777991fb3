using ColdMail.Configuration;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Policy;

public sealed class RecipientCheckTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_suppressed_recipient_is_refused_and_takes_no_unit(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10);
        await Seed.SuppressAsync(instance, sender.Domain.WorkspaceId, "bob@example.com", "hard-bounce");
        await using var node = PolicyNode.Create(instance);
        var session = await OpenAsync(node, sender);

        var reply = await session.RcptAsync("<Bob@Example.com>");

        Assert.Equal("550 5.7.1 <Bob@example.com> is on this workspace's suppression list (hard-bounce); remove it "
            + "from the list to send to it again\r\n", reply.ToString());
        Assert.Equal(0, await Counters.DomainDayAsync(instance, sender));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Another_workspace_suppression_does_not_apply(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        var otherWorkspace = Guid.CreateVersion7();
        await using (var db = instance.Database.CreateContext())
        {
            db.Workspaces.Add(new() { Id = otherWorkspace, Name = "other", CreatedAt = PolicyNode.DefaultStart });
            await db.SaveChangesAsync();
        }
        await Seed.SuppressAsync(instance, otherWorkspace, "bob@example.com", "unsubscribe");
        await using var node = PolicyNode.Create(instance);
        var session = await OpenAsync(node, sender);

        var reply = await session.RcptAsync("bob@example.com");

        Assert.Equal("250 2.1.5 Recipient <bob@example.com> ok\r\n", reply.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_full_limit_is_named_before_a_suppression(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 1);
        await Seed.SuppressAsync(instance, sender.Domain.WorkspaceId, "bob@example.com", "complaint");
        await using var node = PolicyNode.Create(instance);
        var session = await OpenAsync(node, sender);

        await session.RcptAsync("alice@example.com");
        var reply = await session.RcptAsync("bob@example.com");

        Assert.Equal("451 4.7.1 Daily limit of 1 message for acme.com reached; resets at 00:00 UTC\r\n",
            reply.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Recipient_domains_that_are_no_public_name_are_refused(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var session = await OpenAsync(node, sender);

        var replies = new List<string>();
        foreach (var address in new[] { "a@[192.0.2.1]", "a@[IPv6:2001:db8::1]", "a@intranet", "a@mail.localhost",
            "a@printer.local", "a@x.invalid" })
        {
            replies.Add((await session.RcptAsync(address)).ToString());
        }
        var ok = await session.RcptAsync("a@bücher.example");

        Assert.Equal("550 5.1.2 Recipient domain [192.0.2.1] is not deliverable from here; use a public domain name, "
            + "not an address literal or a local name\r\n", replies[0]);
        Assert.All(replies, r => Assert.StartsWith("550 5.1.2 Recipient domain ", r));
        Assert.Equal("250 2.1.5 Recipient <a@xn--bcher-kva.example> ok\r\n", ok.ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_recipient_given_twice_is_counted_and_stored_once(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10);
        await using var node = PolicyNode.Create(instance);
        var session = await OpenAsync(node, sender);

        var first = await session.RcptAsync("bob@example.com");
        var again = await session.RcptAsync("<bob@EXAMPLE.com>");
        var data = await session.DataAsync(Seed.Message());

        Assert.Equal((250, 250, 250), (first.Code, again.Code, data.Code));
        Assert.Equal(1, await Counters.DomainDayAsync(instance, sender));
        await using var db = instance.Database.CreateContext();
        Assert.Equal(1, db.MessageRecipients.Count());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_recipient_keeps_the_case_of_its_local_part(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance, domain: d => d.DailyLimit = 10);
        await using var node = PolicyNode.Create(instance);
        var session = await OpenAsync(node, sender);

        var upper = await session.RcptAsync("Bob.Smith@Example.COM");
        var lower = await session.RcptAsync("bob.smith@example.com");

        Assert.Equal("250 2.1.5 Recipient <Bob.Smith@example.com> ok\r\n", upper.ToString());
        Assert.Equal("250 2.1.5 Recipient <bob.smith@example.com> ok\r\n", lower.ToString());
        Assert.Equal(2, await Counters.DomainDayAsync(instance, sender));
    }

    [Fact]
    public async Task RCPT_without_an_accepted_MAIL_is_a_broken_engine_contract()
    {
        await using var instance = await TestInstance.CreateAsync();
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var session = node.Session();
        await session.LoginAsync(sender.Address, sender.Secret);

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.RcptAsync("bob@example.com"));
    }

    internal static async Task<SmtpSession> OpenAsync(PolicyNode node, SeededSender sender, string ip = "203.0.113.7")
    {
        var session = node.Session(ip);
        Assert.Equal(235, (await session.LoginAsync(sender.Address, sender.Secret)).Code);
        Assert.Equal(250, (await session.MailAsync(sender.Address)).Code);
        return session;
    }
}
