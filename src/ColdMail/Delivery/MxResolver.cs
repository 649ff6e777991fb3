using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ColdMail.Delivery;

/// <summary>
/// Finds where a domain takes mail (RFC 5321 §5.1) with the shared DNS client, whose cache keeps each
/// answer for its TTL, so a busy destination costs one lookup per TTL rather than one per message.
/// </summary>
public sealed class MxResolver(ILookupClient dns, Random random)
{
    public async Task<MxLookup> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await dns.QueryAsync(domain, QueryType.MX, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException ex)
        {
            return new MxLookup.TemporaryFailure($"MX lookup for {domain} failed: {ex.Message}");
        }
        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return new MxLookup.NoMailDomain($"The domain {domain} does not exist.");
        }
        if (response.HasError)
        {
            return new MxLookup.TemporaryFailure($"MX lookup for {domain} failed: {response.ErrorMessage}.");
        }

        var records = response.Answers.MxRecords().ToList();
        // RFC 7505 §3: a single MX of preference 0 naming the root says the domain takes no mail. A null
        // MX beside real ones is a misconfiguration (§3 forbids it); the real ones are used.
        if (records.Count > 0 && records.All(IsNullMx))
        {
            return new MxLookup.NullMx();
        }
        var hosts = records.Where(r => !IsNullMx(r)).ToList();
        if (hosts.Count == 0)
        {
            return await ImplicitMxAsync(domain, cancellationToken);
        }
        return new MxLookup.Hosts(Order(hosts));
    }

    /// <summary>IPv4 addresses first, then IPv6: mailbox providers hold IPv6 senders to stricter checks.</summary>
    public async Task<AddressLookup> ResolveAddressesAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return AddressLookup.Found([literal]);
        }
        try
        {
            var v4 = dns.QueryAsync(host, QueryType.A, QueryClass.IN, cancellationToken);
            var v6 = dns.QueryAsync(host, QueryType.AAAA, QueryClass.IN, cancellationToken);
            var (a, aaaa) = (await v4, await v6);
            var addresses = a.Answers.ARecords().Select(r => r.Address)
                .Concat(aaaa.Answers.AaaaRecords().Select(r => r.Address))
                .ToList();
            if (addresses.Count > 0)
            {
                return AddressLookup.Found(addresses);
            }
            var temporary = (a.HasError && a.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
                || (aaaa.HasError && aaaa.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain);
            return new AddressLookup([], $"The host {host} has no address.", temporary);
        }
        catch (DnsResponseException ex)
        {
            return new AddressLookup([], $"Address lookup for {host} failed: {ex.Message}", true);
        }
    }

    /// <summary>RFC 5321 §5.1: without MX records the domain itself is the host, with preference 0.</summary>
    private async Task<MxLookup> ImplicitMxAsync(string domain, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAddressesAsync(domain, cancellationToken);
        if (addresses.Addresses.Count > 0)
        {
            return new MxLookup.Hosts([new MxHost(domain, 0, Implicit: true)]);
        }
        return addresses.Temporary
            ? new MxLookup.TemporaryFailure(addresses.Failure!)
            : new MxLookup.NoMailDomain($"The domain {domain} has neither MX nor address records.");
    }

    /// <summary>Lowest preference first; equal preferences in random order to spread load (RFC 5321 §5.1).</summary>
    private List<MxHost> Order(List<MxRecord> records)
    {
        var ordered = new List<MxHost>(records.Count);
        foreach (var group in records.GroupBy(r => r.Preference).OrderBy(g => g.Key))
        {
            var hosts = group.Select(r => new MxHost(HostName(r.Exchange), r.Preference)).ToArray();
            random.Shuffle(hosts);
            ordered.AddRange(hosts);
        }
        return ordered;
    }

    private static bool IsNullMx(MxRecord record) => HostName(record.Exchange).Length == 0;

    private static string HostName(DnsString name) => name.Value.TrimEnd('.').ToLowerInvariant();
}
