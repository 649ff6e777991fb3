using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Domains;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Domains;

public sealed class DkimRotationTests
{
    private const string Name = "example.com";

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task A_rotation_keeps_one_active_key_at_every_step(DatabaseProvider provider)
    {
        await using var world = await DomainWorld.CreateAsync(provider);
        var signer = new DkimKeyProvider(world.Instance.Database, world.Instance.Get<DkimKeyProtector>(), world.Time);
        var added = await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);
        await world.VerifyAsync(Name);
        var first = Assert.Single(await world.KeysAsync(Name)).Selector;
        Assert.Equal("cm202612", first);
        Assert.Equal(first, await SigningSelectorAsync(world, signer, added.Domain.Id));

        var next = await world.Domains.RotateDkimAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        Assert.Equal("cm202612b", next.Selector);
        Assert.Equal(first, await SigningSelectorAsync(world, signer, added.Domain.Id));

        var unpublished = await world.VerifyAsync(Name);
        Assert.True(unpublished.IsVerified);
        Assert.Equal(CheckStatuses.Missing, unpublished.Checks.Single(c => c.Kind == RecordKinds.DkimNext).Status);
        Assert.Equal(first, await SigningSelectorAsync(world, signer, added.Domain.Id));

        var records = (await world.Domains.GetAsync(world.Workspace, Name, CancellationToken.None)).Records;
        world.Publish(records.Single(r => r.Kind == RecordKinds.DkimNext));
        var rotated = await world.VerifyAsync(Name);

        Assert.True(rotated.IsVerified);
        Assert.DoesNotContain(rotated.Checks, c => c.Kind == RecordKinds.DkimNext);
        var keys = await world.KeysAsync(Name);
        Assert.Equal(DkimKeyState.Retired, keys.Single(k => k.Selector == first).State);
        Assert.Equal(DkimKeyState.Active, keys.Single(k => k.Selector == next.Selector).State);
        Assert.Equal(next.Selector, await SigningSelectorAsync(world, signer, added.Domain.Id));
    }

    [Fact]
    public async Task The_retired_key_stays_listed_for_the_grace_period_only()
    {
        await using var world = await DomainWorld.CreateAsync();
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);
        await world.VerifyAsync(Name);
        await world.Domains.RotateDkimAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);
        await world.VerifyAsync(Name);

        world.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        var during = (await world.Domains.GetAsync(world.Workspace, Name, CancellationToken.None)).Records;
        world.Time.Advance(TimeSpan.FromMinutes(1));
        var after = (await world.Domains.GetAsync(world.Workspace, Name, CancellationToken.None)).Records;

        Assert.Equal("cm202612._domainkey.example.com",
            Assert.Single(during, r => r.Kind == RecordKinds.DkimRetired).Name);
        Assert.DoesNotContain(after, r => r.Kind == RecordKinds.DkimRetired);
        Assert.Single(after, r => r.Kind == RecordKinds.Dkim);
    }

    [Fact]
    public async Task A_second_rotation_waits_for_the_first_and_a_new_domain_cannot_rotate()
    {
        await using var world = await DomainWorld.CreateAsync();
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);

        var early = await Assert.ThrowsAsync<Common.ResourceException>(() =>
            world.Domains.RotateDkimAsync(world.Workspace, Name, "cli:test", CancellationToken.None));
        await world.PublishAsync(Name);
        await world.VerifyAsync(Name);
        await world.Domains.RotateDkimAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        var twice = await Assert.ThrowsAsync<Common.ResourceException>(() =>
            world.Domains.RotateDkimAsync(world.Workspace, Name, "cli:test", CancellationToken.None));

        Assert.Contains("first key is not active yet", early.Message);
        Assert.Contains("already waiting for its record (selector cm202612b)", twice.Message);
    }

    private static async Task<string> SigningSelectorAsync(DomainWorld world, DkimKeyProvider signer, Guid domainId)
    {
        // Past the provider's one-minute cache, so each step reads what is stored.
        world.Time.Advance(TimeSpan.FromMinutes(2));
        var keys = await signer.GetSigningKeysAsync(domainId, CancellationToken.None);
        return Assert.Single(keys).Selector;
    }
}
