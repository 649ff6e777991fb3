using System.Net;
using ColdMail.Delivery;
using ColdMail.Tests.Support;
using DnsClient;

namespace ColdMail.Tests.Delivery;

public sealed class MxResolverTests
{
    [Fact]
    public async Task Hosts_come_in_preference_order_with_equal_preferences_shuffled()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddMx("example.test", 20, "backup.example.test");
        dns.AddMx("example.test", 10, "a.example.test");
        dns.AddMx("example.test", 10, "b.example.test");
        dns.AddMx("example.test", 10, "c.example.test");

        var orders = new HashSet<string>();
        for (var seed = 0; seed < 20; seed++)
        {
            var lookup = await Resolver(dns, new Random(seed)).ResolveAsync("example.test", CancellationToken.None);
            var names = Assert.IsType<MxLookup.Hosts>(lookup).List.Select(h => h.Name).ToList();
            Assert.Equal("backup.example.test", names[^1]);
            Assert.Equal(["a.example.test", "b.example.test", "c.example.test"], names[..3].Order());
            orders.Add(string.Join(",", names));
        }

        Assert.True(orders.Count > 1, "Equal preferences were never shuffled.");
    }

    [Fact]
    public async Task The_same_randomness_gives_the_same_order()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddMx("example.test", 10, "a.example.test");
        dns.AddMx("example.test", 10, "b.example.test");

        var first = await Resolver(dns, new Random(7)).ResolveAsync("example.test", CancellationToken.None);
        var second = await Resolver(dns, new Random(7)).ResolveAsync("example.test", CancellationToken.None);

        Assert.Equal(((MxLookup.Hosts)first).List, ((MxLookup.Hosts)second).List);
    }

    [Fact]
    public async Task A_domain_without_MX_but_with_an_address_is_its_own_implicit_MX()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddAaaa("example.test", "2001:db8::25");

        var lookup = await Resolver(dns).ResolveAsync("example.test", CancellationToken.None);

        Assert.Equal([new MxHost("example.test", 0, Implicit: true)], Assert.IsType<MxLookup.Hosts>(lookup).List);
    }

    [Fact]
    public async Task A_single_MX_naming_the_root_is_a_null_MX()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddMx("example.test", 0, ".");
        dns.AddA("example.test", "192.0.2.1");

        var lookup = await Resolver(dns).ResolveAsync("example.test", CancellationToken.None);

        Assert.IsType<MxLookup.NullMx>(lookup);
    }

    [Fact]
    public async Task A_null_MX_beside_real_hosts_is_ignored()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddMx("example.test", 0, ".");
        dns.AddMx("example.test", 10, "mx.example.test");

        var lookup = await Resolver(dns).ResolveAsync("example.test", CancellationToken.None);

        Assert.Equal("mx.example.test", Assert.Single(Assert.IsType<MxLookup.Hosts>(lookup).List).Name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_domain_that_does_not_exist_or_has_no_records_takes_no_mail(bool exists)
    {
        await using var dns = TestDnsServer.Start();
        if (exists)
        {
            dns.AddTxt("example.test", "v=spf1 -all");
        }

        var lookup = await Resolver(dns).ResolveAsync("example.test", CancellationToken.None);

        Assert.IsType<MxLookup.NoMailDomain>(lookup);
    }

    [Fact]
    public async Task A_DNS_server_that_does_not_answer_is_a_temporary_failure()
    {
        var silent = new LookupClient(new LookupClientOptions(new IPEndPoint(IPAddress.Loopback, FreePort.Next()))
        {
            Timeout = TimeSpan.FromMilliseconds(200),
            Retries = 0,
            UseTcpOnly = true,
            ThrowDnsErrors = false,
        });

        var lookup = await new MxResolver(silent, new Random(1)).ResolveAsync("example.test", CancellationToken.None);

        Assert.IsType<MxLookup.TemporaryFailure>(lookup);
    }

    [Fact]
    public async Task A_second_lookup_within_the_TTL_is_answered_from_the_cache()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddMx("example.test", 10, "mx.example.test", ttl: 300);
        dns.AddA("mx.example.test", "192.0.2.25", ttl: 300);
        var resolver = Resolver(dns);

        for (var i = 0; i < 3; i++)
        {
            await resolver.ResolveAsync("example.test", CancellationToken.None);
            await resolver.ResolveAddressesAsync("mx.example.test", CancellationToken.None);
        }

        Assert.Equal(1, dns.QueryCount("example.test", "MX"));
        Assert.Equal(1, dns.QueryCount("mx.example.test", "A"));
    }

    [Fact]
    public async Task Addresses_list_IPv4_before_IPv6()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddAaaa("mx.example.test", "2001:db8::25");
        dns.AddA("mx.example.test", "192.0.2.25");

        var lookup = await Resolver(dns).ResolveAddressesAsync("mx.example.test", CancellationToken.None);

        Assert.Equal([IPAddress.Parse("192.0.2.25"), IPAddress.Parse("2001:db8::25")], lookup.Addresses);
    }

    /// <summary>The resolver with the client <c>serve</c> builds, pointed at the test server.</summary>
    private static MxResolver Resolver(TestDnsServer dns, Random? random = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ColdMail.Configuration.ColdMailOptions
        {
            Dns = { Servers = [dns.Endpoint] },
        });
        return new MxResolver(ColdMail.Dns.DnsClientFactory.Create(options), random ?? new Random(1));
    }
}
