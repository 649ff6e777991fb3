using System.Net;
using ColdMail.Dns;
using ColdMail.Dns.Spf;
using ColdMail.Tests.Support;
using DnsClient;

namespace ColdMail.Tests.Dns;

/// <summary>A DNS server loaded from a compact zone text, and an SPF evaluator that queries it.</summary>
internal sealed class SpfZone : IAsyncDisposable
{
    private SpfZone(TestDnsServer server)
    {
        Server = server;
        var client = new LookupClient(new LookupClientOptions(IPEndPoint.Parse(server.Endpoint)) { UseCache = false });
        Evaluator = new SpfEvaluator(new DnsLookup(client), TimeProvider.System);
    }

    public TestDnsServer Server { get; }

    public SpfEvaluator Evaluator { get; }

    /// <summary>Records as "name TYPE value", separated by " || ".</summary>
    public static SpfZone Load(string zone)
    {
        var zoneServer = TestDnsServer.Start();
        foreach (var line in zone.Split(" || ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 3);
            switch (parts[1])
            {
                case "TXT":
                    zoneServer.AddTxt(parts[0], parts[2]);
                    break;
                case "A":
                    zoneServer.AddA(parts[0], parts[2]);
                    break;
                case "AAAA":
                    zoneServer.AddAaaa(parts[0], parts[2]);
                    break;
                case "MX":
                    var mx = parts[2].Split(' ');
                    zoneServer.AddMx(parts[0], int.Parse(mx[0]), mx[1]);
                    break;
                case "CNAME":
                    zoneServer.AddCname(parts[0], parts[2]);
                    break;
                default:
                    throw new ArgumentException($"Unknown type in '{line}'.");
            }
        }
        return new SpfZone(zoneServer);
    }

    public Task<SpfOutcome> CheckAsync(string ip, string domain = "t.test") =>
        Evaluator.CheckHostAsync(IPAddress.Parse(ip), domain, "postmaster@" + domain, "mail.test",
            CancellationToken.None);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
