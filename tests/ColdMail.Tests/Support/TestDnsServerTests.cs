using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ColdMail.Tests.Support;

public sealed class TestDnsServerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Records_are_served_over_udp_and_tcp(bool tcpOnly)
    {
        await using var dns = TestDnsServer.Start();
        dns.AddA("Example.TEST", "192.0.2.10");
        dns.AddAaaa("example.test", "2001:db8::10");
        dns.AddMx("example.test", 10, "mx.example.test");
        var client = Client(dns, tcpOnly);

        var a = await client.QueryAsync("example.test", QueryType.A);
        var aaaa = await client.QueryAsync("EXAMPLE.test", QueryType.AAAA);
        var mx = await client.QueryAsync("example.test", QueryType.MX);

        Assert.Equal(IPAddress.Parse("192.0.2.10"), Assert.Single(a.Answers.ARecords()).Address);
        Assert.Equal(IPAddress.Parse("2001:db8::10"), Assert.Single(aaaa.Answers.AaaaRecords()).Address);
        var exchange = Assert.Single(mx.Answers.MxRecords());
        Assert.Equal(10, exchange.Preference);
        Assert.Equal("mx.example.test.", exchange.Exchange.Value);
        Assert.Equal(1, dns.QueryCount("example.test", "MX"));
    }

    [Fact]
    public async Task Unknown_names_are_nxdomain_and_known_names_without_the_type_are_empty()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddA("example.test", "192.0.2.10");
        var client = Client(dns);

        var unknown = await client.QueryAsync("other.test", QueryType.TXT);
        var empty = await client.QueryAsync("example.test", QueryType.TXT);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, unknown.Header.ResponseCode);
        Assert.Equal(DnsHeaderResponseCode.NoError, empty.Header.ResponseCode);
        Assert.Empty(empty.Answers);
    }

    [Fact]
    public async Task Long_text_is_split_into_strings_and_survives_truncation()
    {
        await using var dns = TestDnsServer.Start();
        var text = "v=DKIM1; k=rsa; p=" + new string('A', 700);
        dns.AddTxt("sel._domainkey.example.test", text);
        var options = new LookupClientOptions(IPEndPoint.Parse(dns.Endpoint))
        {
            UseCache = false,
            ExtendedDnsBufferSize = 512,
        };

        var response = await new LookupClient(options).QueryAsync("sel._domainkey.example.test", QueryType.TXT);

        var record = Assert.Single(response.Answers.TxtRecords());
        Assert.Equal(3, record.Text.Count);
        Assert.Equal(text, string.Concat(record.Text));
        // Once over UDP, truncated, then again over TCP.
        Assert.Equal(2, dns.QueryCount("SEL._domainkey.example.test", "TXT"));
    }

    [Fact]
    public async Task A_cname_is_followed_and_records_change_at_runtime()
    {
        await using var dns = TestDnsServer.Start();
        dns.AddCname("bounces.example.test", "mail.example.test");
        dns.AddA("mail.example.test", "192.0.2.25");
        var client = Client(dns);

        var followed = await client.QueryAsync("bounces.example.test", QueryType.A);
        dns.Remove("mail.example.test", "A");
        var removed = await client.QueryAsync("mail.example.test", QueryType.A);

        Assert.Single(followed.Answers.CnameRecords());
        Assert.Equal(IPAddress.Parse("192.0.2.25"), Assert.Single(followed.Answers.ARecords()).Address);
        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, removed.Header.ResponseCode);
    }

    private static LookupClient Client(TestDnsServer dns, bool tcpOnly = false) =>
        new(new LookupClientOptions(IPEndPoint.Parse(dns.Endpoint)) { UseCache = false, UseTcpOnly = tcpOnly });
}
