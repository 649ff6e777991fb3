using ColdMail.Configuration;
using ColdMail.Logs;
using ColdMail.Smtp;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Policy;

public sealed class LoginTests
{
    private const string Refused = "535 5.7.8 Authentication credentials invalid; "
        + "log in with the mailbox address and one of its enabled auth keys\r\n";

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_mailbox_logs_in_with_an_enabled_key_and_any_case_of_its_address(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var session = node.Session("198.51.100.20");

        var reply = await session.LoginAsync("  Sales@ACME.com ", sender.Secret);

        Assert.Equal("235 2.7.0 Authentication successful\r\n", reply.ToString());
        Assert.Equal(
            new AuthenticatedSender(sender.Domain.WorkspaceId, sender.Domain.Id, sender.Mailbox.Id, sender.Key.Id,
                "sales@acme.com"),
            session.Context.Sender);
        await node.Acceptor.AppendAsync([], CancellationToken.None);
        var key = await KeyAsync(instance, sender.Key.Id);
        Assert.Equal(PolicyNode.DefaultStart, key.LastUsedAt);
        Assert.Equal("198.51.100.20", key.LastUsedFrom);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task The_last_use_of_a_key_is_written_at_most_once_a_minute(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);

        await node.Session("198.51.100.1").LoginAsync(sender.Address, sender.Secret);
        node.Time.Advance(TimeSpan.FromSeconds(59));
        await node.Session("198.51.100.2").LoginAsync(sender.Address, sender.Secret);
        await node.Acceptor.AppendAsync([], CancellationToken.None);
        var early = await KeyAsync(instance, sender.Key.Id);
        node.Time.Advance(TimeSpan.FromSeconds(1));
        await node.Session("198.51.100.3").LoginAsync(sender.Address, sender.Secret);
        await node.Acceptor.AppendAsync([], CancellationToken.None);
        var late = await KeyAsync(instance, sender.Key.Id);

        Assert.Equal(("198.51.100.1", PolicyNode.DefaultStart), (early.LastUsedFrom, early.LastUsedAt));
        var minuteLater = PolicyNode.DefaultStart.AddMinutes(1);
        Assert.Equal(("198.51.100.3", minuteLater), (late.LastUsedFrom, late.LastUsedAt));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_wrong_key_is_refused_and_recorded_with_the_address_and_client(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        var session = node.Session("198.51.100.9");

        var reply = await session.LoginAsync(sender.Address, SecretToken.Create(SecretToken.AuthKeyPrefix));

        Assert.Equal(Refused, reply.ToString());
        Assert.Null(session.Context.Sender);
        var entry = Assert.Single(await AuthFailuresAsync(instance));
        Assert.Equal(
            (sender.Domain.WorkspaceId, (Guid?)sender.Domain.Id, "sales@acme.com", "198.51.100.9", 535, "5.7.8"),
            (entry.WorkspaceId, entry.DomainId, entry.Mailbox, entry.RemoteAddress, entry.Code, entry.EnhancedCode));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_disabled_key_a_foreign_key_and_a_malformed_secret_fail_exactly_like_a_wrong_key(
        DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        var other = await Seed.SenderAsync(instance, "ops@acme.com");
        var (_, disabled) = await Seed.KeyAsync(instance, sender.Mailbox.Id, enabled: false);
        await using var node = PolicyNode.Create(instance);
        string[] passwords = [SecretToken.Create(SecretToken.AuthKeyPrefix), disabled, other.Secret,
            sender.Secret[..^1] + (sender.Secret[^1] == 'a' ? 'b' : 'a'), "hunter2"];

        var replies = new List<string>();
        foreach (var password in passwords)
        {
            replies.Add((await node.Session("198.51.100.9").LoginAsync(sender.Address, password)).ToString());
        }

        Assert.All(replies, r => Assert.Equal(Refused, r));
        var entries = await AuthFailuresAsync(instance);
        Assert.Equal(passwords.Length, entries.Count);
        Assert.Single(entries
            .Select(e => (e.Mailbox, e.RemoteAddress, e.Code, e.EnhancedCode, e.Detail))
            .Distinct());
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_name_that_is_no_mailbox_is_refused_and_kept_out_of_every_workspace(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider);
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);

        var unknown = await node.Session().LoginAsync("nobody@acme.com", sender.Secret);
        var garbage = await node.Session().LoginAsync("not an address", sender.Secret);

        Assert.Equal(Refused, unknown.ToString());
        Assert.Equal(Refused, garbage.ToString());
        await node.Acceptor.AppendAsync([], CancellationToken.None);
        Assert.Empty(await AuthFailuresAsync(instance));
        Assert.Contains(node.Logs.Lines, l => l.Contains("failed to log in as nobody@acme.com"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Failures_from_one_client_address_throttle_it_until_the_window_passes(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider, Throttle(perAddress: 3, perUser: 100));
        var sender = await Seed.SenderAsync(instance);
        await using var node = PolicyNode.Create(instance);
        for (var i = 0; i < 3; i++)
        {
            await node.Session("192.0.2.50").LoginAsync($"guess{i}@acme.com", "wrong");
        }

        var throttled = await node.Session("192.0.2.50").LoginAsync(sender.Address, sender.Secret);
        var elsewhere = await node.Session("192.0.2.51").LoginAsync(sender.Address, sender.Secret);
        node.Time.Advance(TimeSpan.FromSeconds(300));
        var later = await node.Session("192.0.2.50").LoginAsync(sender.Address, sender.Secret);

        Assert.Equal(
            "454 4.7.0 Too many failed logins from this client address or for this user name; "
            + "try again in 5 minutes\r\n",
            throttled.ToString());
        Assert.Equal(235, elsewhere.Code);
        Assert.Equal(235, later.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Failures_for_one_user_name_throttle_it_from_every_address(DatabaseProvider provider)
    {
        await using var instance = await TestInstance.CreateAsync(provider, Throttle(perAddress: 100, perUser: 2));
        var sender = await Seed.SenderAsync(instance);
        var other = await Seed.SenderAsync(instance, "ops@acme.com");
        await using var node = PolicyNode.Create(instance);
        await node.Session("192.0.2.1").LoginAsync("SALES@acme.com", "wrong");
        node.Time.Advance(TimeSpan.FromSeconds(100));
        await node.Session("2001:db8::1").LoginAsync(sender.Address, "wrong");

        var throttled = await node.Session("192.0.2.3").LoginAsync(sender.Address, sender.Secret);
        var otherUser = await node.Session("192.0.2.1").LoginAsync(other.Address, other.Secret);
        node.Time.Advance(TimeSpan.FromSeconds(200));
        var afterOldest = await node.Session("192.0.2.3").LoginAsync(sender.Address, sender.Secret);

        Assert.Equal((454, "4.7.0"), (throttled.Code, throttled.EnhancedCode));
        Assert.EndsWith("try again in 4 minutes", throttled.Text);
        Assert.Equal(235, otherUser.Code);
        Assert.Equal(235, afterOldest.Code);
        Assert.Contains(node.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("throttled"));
    }

    private static Dictionary<string, string?> Throttle(int perAddress, int perUser) => new()
    {
        ["ColdMail:Smtp:MaxAuthFailuresPerAddress"] = perAddress.ToString(),
        ["ColdMail:Smtp:MaxAuthFailuresPerUser"] = perUser.ToString(),
        ["ColdMail:Smtp:AuthFailureWindowSeconds"] = "300",
    };

    private static async Task<AuthKey> KeyAsync(TestInstance instance, Guid id)
    {
        await using var db = instance.Database.CreateContext();
        return await db.AuthKeys.AsNoTracking().SingleAsync(k => k.Id == id);
    }

    private static async Task<List<EmailLogEntry>> AuthFailuresAsync(TestInstance instance)
    {
        await using var db = instance.Database.CreateContext();
        return await db.EmailLog.AsNoTracking().Where(e => e.Event == EmailEvents.AuthFailed).ToListAsync();
    }
}
