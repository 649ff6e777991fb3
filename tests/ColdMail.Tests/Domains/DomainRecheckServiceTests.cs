using ColdMail.Configuration;
using ColdMail.Domains;
using ColdMail.Hosting;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Domains;

public sealed class DomainRecheckServiceTests
{
    [SkippableTheory]
    [MemberData(nameof(TestInstance.Providers), MemberType = typeof(TestInstance))]
    public async Task Only_domains_not_checked_within_the_interval_are_rechecked(DatabaseProvider provider)
    {
        await using var world = await DomainWorld.CreateAsync(provider);
        await world.Domains.AddAsync(world.Workspace, "one.example", "cli:test", CancellationToken.None);
        await world.Domains.AddAsync(world.Workspace, "two.example", "cli:test", CancellationToken.None);
        await world.PublishAsync("one.example");
        var service = new DomainRecheckService(world.Instance.Database, world.Verifier,
            world.Instance.Get<IOptions<ColdMailOptions>>(), world.Time, NullLogger<DomainRecheckService>.Instance);

        var first = await service.RecheckDueAsync(CancellationToken.None);
        world.Time.Advance(TimeSpan.FromMinutes(30));
        await world.VerifyAsync("two.example");
        world.Time.Advance(TimeSpan.FromMinutes(31));
        var second = await service.RecheckDueAsync(CancellationToken.None);

        Assert.Equal(2, first);
        Assert.Equal(1, second);
        await using var db = world.Instance.Database.CreateContext();
        var one = await db.Domains.SingleAsync(d => d.Name == "one.example");
        Assert.Equal(DomainVerificationState.Verified, one.VerificationState);
        Assert.Equal(world.Time.GetUtcNow(), one.LastCheckedAt);
        Assert.Contains(await db.AuditEntries.ToListAsync(),
            a => a.Action == "domain.verified" && a.Actor == DomainRecheckService.Actor);
    }

    [Fact]
    public async Task Serve_runs_the_recheck_and_admin_verbs_do_not()
    {
        await using var instance = await TestInstance.CreateAsync();
        await using var app = ServeHost.Build(null, [], instance.Settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(instance.Settings).Build();
        await using var cli = new ServiceCollection().AddLogging().AddColdMailCore(configuration)
            .BuildServiceProvider();

        Assert.Contains(app.Services.GetServices<IHostedService>(), s => s is DomainRecheckService);
        Assert.DoesNotContain(cli.GetServices<IHostedService>(), s => s is DomainRecheckService);
    }
}
