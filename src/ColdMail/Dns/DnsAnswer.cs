using System.Net;
using DnsClient.Protocol;

namespace ColdMail.Dns;

/// <summary>The records of one type found at one name, or why there are none.</summary>
public sealed record DnsAnswer(DnsAnswerStatus Status, IReadOnlyList<DnsResourceRecord> Records, string? Error)
{
    /// <summary>An answer with nothing in it: no data or no such name (RFC 7208 section 4.6.4).</summary>
    public bool IsVoid => Status is DnsAnswerStatus.NoData or DnsAnswerStatus.NxDomain;

    /// <summary>Each TXT record's strings joined into one value (RFC 7208 section 3.3, RFC 6376 3.6.2.2).</summary>
    public IReadOnlyList<string> Texts => [.. Records.OfType<TxtRecord>().Select(r => string.Concat(r.Text))];

    public IReadOnlyList<IPAddress> Addresses =>
    [
        .. Records.OfType<ARecord>().Select(r => r.Address),
        .. Records.OfType<AaaaRecord>().Select(r => r.Address),
    ];

    /// <summary>MX exchanges, most preferred first, without the trailing dot.</summary>
    public IReadOnlyList<string> Exchanges =>
    [
        .. Records.OfType<MxRecord>().OrderBy(r => r.Preference).Select(r => DnsLookup.Trim(r.Exchange.Value)),
    ];

    public IReadOnlyList<string> CanonicalNames =>
        [.. Records.OfType<CNameRecord>().Select(r => DnsLookup.Trim(r.CanonicalName.Value))];

    public IReadOnlyList<string> PointerNames =>
        [.. Records.OfType<PtrRecord>().Select(r => DnsLookup.Trim(r.PtrDomainName.Value))];

    /// <summary>What a person reads: the error, or that nothing was there.</summary>
    public string Describe(string name, string type) => Status switch
    {
        DnsAnswerStatus.NoData => $"{name} has no {type} record",
        DnsAnswerStatus.NxDomain => $"{name} does not exist in DNS",
        DnsAnswerStatus.Error => $"looking up {type} at {name} failed: {Error}",
        _ => $"{name} has {Records.Count} {type} record(s)",
    };
}
