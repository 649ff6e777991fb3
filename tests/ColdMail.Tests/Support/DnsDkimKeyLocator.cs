using System.Net;
using DnsClient;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace ColdMail.Tests.Support;

/// <summary>Finds DKIM public keys the way a receiver does: a TXT lookup in DNS (RFC 6376 §3.6.2.2).</summary>
public sealed class DnsDkimKeyLocator(string dnsEndpoint) : DkimPublicKeyLocatorBase
{
    private readonly LookupClient _dns =
        new(new LookupClientOptions(IPEndPoint.Parse(dnsEndpoint)) { UseCache = false });

    public override AsymmetricKeyParameter LocatePublicKey(
        string methods,
        string domain,
        string selector,
        CancellationToken cancellationToken = default)
        => LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(
        string methods,
        string domain,
        string selector,
        CancellationToken cancellationToken = default)
    {
        var response = await _dns.QueryAsync($"{selector}._domainkey.{domain}", QueryType.TXT,
            cancellationToken: cancellationToken);
        var record = response.Answers.TxtRecords().Select(t => string.Concat(t.Text)).FirstOrDefault()
            ?? throw new InvalidOperationException($"No DKIM record at {selector}._domainkey.{domain}.");
        return GetPublicKey(record);
    }
}
