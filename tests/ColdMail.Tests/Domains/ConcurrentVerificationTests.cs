using ColdMail.Configuration;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;

namespace ColdMail.Tests.Domains;

public sealed class ConcurrentVerificationTests
{
    private const string Name = "acme.example";

    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Verifications_of_one_domain_at_the_same_time_all_succeed(DatabaseProvider provider)
    {
        // An admin's `domain verify` meets the server's re-check worker on a new domain: both store
        // the first results of the same records.
        await using var world = await DomainWorld.CreateAsync(provider);
        await world.Domains.AddAsync(world.Workspace, Name, "cli:test", CancellationToken.None);
        await world.PublishAsync(Name);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => world.VerifyAsync(Name))));

        Assert.All(results, r => Assert.True(r.IsVerified));
        var domain = (await world.Domains.GetAsync(world.Workspace, Name, CancellationToken.None)).Domain;
        Assert.Equal(DomainVerificationState.Verified, domain.VerificationState);
    }
}
