using System.Net;
using ColdMail.Configuration;
using DnsClient;
using Microsoft.Extensions.Options;

namespace ColdMail.Dns;

/// <summary>Builds the DNS client lookups share, pointed at <c>Dns:Servers</c> or the system's resolvers.</summary>
public static class DnsClientFactory
{
    public static ILookupClient Create(IOptions<ColdMailOptions> options)
    {
        var servers = options.Value.Dns.Servers;
        var settings = servers.Count == 0
            ? new LookupClientOptions()
            : new LookupClientOptions([.. servers.Select(ParseServer)]);
        // Records are cached for their TTL; a failure is not cached, so a fixed record is seen at once.
        settings.UseCache = true;
        settings.CacheFailedResults = false;
        settings.Timeout = TimeSpan.FromSeconds(5);
        settings.Retries = 2;
        settings.ThrowDnsErrors = false;
        settings.ContinueOnDnsError = false;
        return new LookupClient(settings);
    }

    private static NameServer ParseServer(string server)
    {
        var endPoint = IPEndPoint.Parse(server);
        if (endPoint.Port == 0)
        {
            endPoint.Port = NameServer.DefaultPort;
        }
        return new NameServer(endPoint);
    }
}
