using ColdMail.Configuration;
using ColdMail.Domains;
using ColdMail.Logs;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Tests.Domains;

public sealed class DomainVerificationTests
{
    private const string Name = "example.com";

    private static readonly TimeSpan Grace = TimeSpan.FromHours(72);

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_new_domain_fails_verification_naming_each_missing_record(DatabaseProvider provider)
    {
        await using var world = await DomainWorld.CreateAsync(provider);
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);

        var result = await world.VerifyAsync(Name);

        Assert.False(result.IsVerified);
        Assert.Equal(DomainVerificationState.Pending, result.Domain.VerificationState);
        Assert.Equal(
            [(RecordKinds.Spf, CheckStatuses.Missing), (RecordKinds.Dkim, CheckStatuses.Missing),
                (RecordKinds.Dmarc, CheckStatuses.Missing)],
            result.Failures.Select(f => (f.Kind, f.Status)));
        var stored = (await world.Domains.GetAsync(world.Workspace, Name, CancellationToken.None)).Checks;
        Assert.Equal([RecordKinds.Spf, RecordKinds.Dkim, RecordKinds.Dmarc, RecordKinds.ReturnPath],
            stored.Select(c => c.Kind));
        Assert.All(stored, c => Assert.Equal(world.Time.GetUtcNow(), c.CheckedAt));
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Publishing_the_records_verifies_the_domain_and_activates_its_first_key(DatabaseProvider provider)
    {
        await using var world = await DomainWorld.CreateAsync(provider);
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        Assert.Equal(DkimKeyState.Pending, Assert.Single(await world.KeysAsync(Name)).State);
        await world.PublishAsync(Name);

        var result = await world.VerifyAsync(Name);

        Assert.True(result.IsVerified, string.Join("; ", result.Failures));
        Assert.All(result.Checks, c => Assert.Equal(CheckStatuses.Ok, c.Status));
        Assert.Equal(world.Time.GetUtcNow(), result.Domain.VerifiedAt);
        var key = Assert.Single(await world.KeysAsync(Name));
        Assert.Equal(DkimKeyState.Active, key.State);
        await using var db = world.Instance.Database.CreateContext();
        Assert.Equal(EmailEvents.DomainVerified, Assert.Single(await db.EmailLog.ToListAsync()).Event);
        Assert.Contains(await db.AuditEntries.ToListAsync(), a => a.Action == "domain.verified" && a.Target == Name);
    }

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_broken_spf_record_makes_the_domain_failing_and_sending_stops_after_the_grace(
        DatabaseProvider provider)
    {
        await using var world = await DomainWorld.CreateAsync(provider);
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);
        await world.VerifyAsync(Name);
        world.Dns.Remove(Name, "TXT");
        world.Dns.AddTxt(Name, "v=spf1 ip4:198.51.100.0/24 -all", ttl: 0);
        world.Time.Advance(TimeSpan.FromHours(1));
        var brokeAt = world.Time.GetUtcNow();

        var failing = await world.VerifyAsync(Name);

        Assert.Equal(DomainVerificationState.Failing, failing.Domain.VerificationState);
        Assert.Equal(brokeAt, failing.Domain.FailingSince);
        var spf = Assert.Single(failing.Failures);
        Assert.Equal((RecordKinds.Spf, CheckStatuses.Wrong), (spf.Kind, spf.Status));
        Assert.Contains("192.0.2.25 gets fail", spf.Found);
        Assert.Contains("v=spf1 ip4:198.51.100.0/24 -all", spf.Found);

        world.Time.Advance(Grace - TimeSpan.FromMinutes(1));
        Assert.True(DomainSendability.CanSend(failing.Domain, world.Time.GetUtcNow(), Grace, out _));
        world.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(DomainSendability.CanSend(failing.Domain, world.Time.GetUtcNow(), Grace, out var reason));
        Assert.Equal(
            $"The DNS records of {Name} have been failing since {brokeAt:yyyy-MM-dd HH:mm} UTC and the 72-hour " +
            "grace period is over; fix the records and verify the domain again to send.",
            reason);

        var again = await world.VerifyAsync(Name);
        Assert.Equal(brokeAt, again.Domain.FailingSince);
        world.Dns.Remove(Name, "TXT");
        world.Publish((await world.Domains.GetAsync(world.Workspace, Name, CancellationToken.None)).Records[0]);
        var fixedResult = await world.VerifyAsync(Name);
        Assert.Equal(DomainVerificationState.Verified, fixedResult.Domain.VerificationState);
        Assert.Null(fixedResult.Domain.FailingSince);
        Assert.True(DomainSendability.CanSend(fixedResult.Domain, world.Time.GetUtcNow(), Grace, out _));
        await using var db = world.Instance.Database.CreateContext();
        var events = await db.EmailLog.OrderBy(e => e.Id).Select(e => e.Event).ToListAsync();
        Assert.Equal([EmailEvents.DomainVerified, EmailEvents.DomainFailing, EmailEvents.DomainVerified], events);
    }

    [Fact]
    public async Task A_domain_that_never_verified_stays_pending_when_a_record_is_wrong()
    {
        await using var world = await DomainWorld.CreateAsync();
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);
        world.Dns.Remove("_dmarc." + Name, "TXT");
        world.Dns.AddTxt("_dmarc." + Name, "v=DMARC1; rua=mailto:d@example.com", ttl: 0);

        var result = await world.VerifyAsync(Name);

        Assert.Equal(DomainVerificationState.Pending, result.Domain.VerificationState);
        var dmarc = Assert.Single(result.Failures);
        Assert.Equal((RecordKinds.Dmarc, CheckStatuses.Wrong), (dmarc.Kind, dmarc.Status));
        Assert.Equal(DkimKeyState.Pending, Assert.Single(await world.KeysAsync(Name)).State);
    }

    [Fact]
    public async Task An_spf_record_that_authorises_through_includes_passes_without_matching_our_text()
    {
        await using var world = await DomainWorld.CreateAsync();
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);
        world.Dns.Remove(Name, "TXT");
        world.Dns.AddTxt(Name, "v=spf1 include:_spf.other.example include:_spf.relay.example -all", ttl: 0);
        world.Dns.AddTxt("_spf.other.example", "v=spf1 ip4:203.0.113.0/24 -all");
        world.Dns.AddTxt("_spf.relay.example", "v=spf1 ip4:192.0.2.0/24 ~all");

        var result = await world.VerifyAsync(Name);

        Assert.True(result.IsVerified, string.Join("; ", result.Failures));
    }

    [Fact]
    public async Task Configured_sending_addresses_are_published_and_each_must_pass()
    {
        await using var world = await DomainWorld.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["ColdMail:Domains:SendingAddresses:0"] = "198.51.100.7",
            ["ColdMail:Domains:SendingAddresses:1"] = "2001:db8::7",
        });
        var added = await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        Assert.Equal("v=spf1 ip4:198.51.100.7 ip6:2001:db8::7 ~all", added.Records[0].Value);
        await world.PublishAsync(Name);
        world.Dns.Remove(Name, "TXT");
        world.Dns.AddTxt(Name, "v=spf1 ip4:198.51.100.7 -all", ttl: 0);

        var result = await world.VerifyAsync(Name);

        var spf = Assert.Single(result.Failures);
        Assert.StartsWith("2001:db8::7 gets fail", spf.Found);
    }

    [Fact]
    public async Task A_sub_domain_inherits_the_organisational_dmarc_record()
    {
        await using var world = await DomainWorld.CreateAsync();
        const string sub = "news.example.co.uk";
        await world.Domains.AddAsync(world.Workspace, sub, "cli:test", CancellationToken.None);
        await world.PublishAsync(sub);
        world.Dns.Remove("_dmarc." + sub, "TXT");
        world.Dns.AddTxt("_dmarc.example.co.uk", "v=DMARC1; p=reject; adkim=s");

        var result = await world.VerifyAsync(sub);

        Assert.True(result.IsVerified, string.Join("; ", result.Failures));
        Assert.Equal("v=DMARC1; p=reject; adkim=s (inherited from _dmarc.example.co.uk)",
            result.Checks.Single(c => c.Kind == RecordKinds.Dmarc).Found);
    }

    [Fact]
    public async Task A_dkim_record_with_another_key_is_wrong_and_says_so()
    {
        await using var world = await DomainWorld.CreateAsync();
        var added = await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);
        var dkim = added.Records.Single(r => r.Kind == RecordKinds.Dkim);
        world.Dns.Remove(dkim.Name, "TXT");
        using var other = System.Security.Cryptography.RSA.Create(1024);
        world.Dns.AddTxt(dkim.Name, "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(other.ExportSubjectPublicKeyInfo()));

        var result = await world.VerifyAsync(Name);

        var failure = Assert.Single(result.Failures);
        Assert.Equal((RecordKinds.Dkim, CheckStatuses.Wrong), (failure.Kind, failure.Status));
        Assert.StartsWith("p= holds a different public key", failure.Found);
    }

    [Fact]
    public async Task A_return_path_pointing_elsewhere_is_reported_but_does_not_block_verification()
    {
        await using var world = await DomainWorld.CreateAsync();
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);
        world.Dns.Remove("bounces." + Name, "CNAME");
        world.Dns.AddCname("bounces." + Name, "bounce.elsewhere.example");

        var result = await world.VerifyAsync(Name);

        Assert.True(result.IsVerified);
        var returnPath = result.Checks.Single(c => c.Kind == RecordKinds.ReturnPath);
        Assert.Equal(CheckStatuses.Wrong, returnPath.Status);
        Assert.Contains("bounce.elsewhere.example", returnPath.Found);
    }
}
