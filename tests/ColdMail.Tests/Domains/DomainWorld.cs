using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Domains;
using ColdMail.Storage.Entities;
using ColdMail.Tests.Support;
using ColdMail.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Domains;

/// <summary>
/// One installation pointed at its own DNS server, with a clock the test moves: the domain services are built
/// on that clock, so grace periods and rotations are exact and instant.
/// </summary>
public sealed class DomainWorld : IAsyncDisposable
{
    public const string Hostname = "mail.test.example";
    public const string SendingV4 = "192.0.2.25";
    public const string SendingV6 = "2001:db8::25";

    private DomainWorld(TestInstance instance, TestDnsServer dns, FakeTimeProvider time, Workspace workspace)
    {
        Instance = instance;
        Dns = dns;
        Time = time;
        Workspace = workspace;
        Verifier = new DomainVerifier(instance.Database, instance.Get<DomainRecordChecker>(), time,
            NullLogger<DomainVerifier>.Instance);
        var keys = ActivatorUtilities.CreateInstance<DkimKeyFactory>(instance.Services, (TimeProvider)time);
        Domains = ActivatorUtilities.CreateInstance<DomainService>(
            instance.Services, keys, Verifier, (TimeProvider)time);
        Controls = new DomainControls(instance.Database, time);
    }

    public TestInstance Instance { get; }

    public TestDnsServer Dns { get; }

    public FakeTimeProvider Time { get; }

    public Workspace Workspace { get; }

    public DomainVerifier Verifier { get; }

    public DomainService Domains { get; }

    public DomainControls Controls { get; }

    /// <summary>An installation sending from <see cref="SendingV4"/>, the A record of <see cref="Hostname"/>.</summary>
    public static async Task<DomainWorld> CreateAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dns = TestDnsServer.Start();
        dns.AddA(Hostname, SendingV4);
        var all = new Dictionary<string, string?> { ["ColdMail:Dns:Servers:0"] = dns.Endpoint };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        try
        {
            var instance = await TestInstance.CreateAsync(provider, all);
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
            var workspace = await instance.Get<WorkspaceService>().ResolveAsync(null, CancellationToken.None);
            return new DomainWorld(instance, dns, time, workspace);
        }
        catch
        {
            await dns.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes every record the domain asks for, as its owner would; TTL 0 shows changes at once.</summary>
    public async Task PublishAsync(string domain)
    {
        var details = await Domains.GetAsync(Workspace, domain, CancellationToken.None);
        foreach (var record in details.Records)
        {
            Publish(record);
        }
    }

    public void Publish(PublishedRecord record)
    {
        if (record.Type == "CNAME")
        {
            Dns.AddCname(record.Name, record.Value, ttl: 0);
        }
        else
        {
            Dns.AddTxt(record.Name, record.Value, ttl: 0);
        }
    }

    public Task<DomainVerification> VerifyAsync(string domain) =>
        Domains.VerifyAsync(Workspace, domain, "cli:test", CancellationToken.None);

    public async Task<IReadOnlyList<DkimKey>> KeysAsync(string domain) =>
        (await Domains.GetAsync(Workspace, domain, CancellationToken.None)).Keys;

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        await Dns.DisposeAsync();
    }
}
