using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Storage.Entities;

namespace ColdMail.Domains;

/// <summary>The DNS records a domain must publish to send through this installation.</summary>
public static class DomainRecords
{
    public static IReadOnlyList<PublishedRecord> For(
        Domain domain,
        IReadOnlyList<DkimKey> keys,
        ColdMailOptions options,
        DateTimeOffset now)
    {
        var records = new List<PublishedRecord>
        {
            new(RecordKinds.Spf, "TXT", domain.Name, SpfValue(options),
                "SPF (RFC 7208): lets this installation's addresses send for the domain. A domain has one SPF " +
                "record: if it has one already, add these mechanisms to it instead."),
        };
        var hasActive = keys.Any(k => k.State == DkimKeyState.Active);
        foreach (var key in keys.OrderBy(k => k.CreatedAt))
        {
            if (DkimPurpose(key, hasActive, options.Domains.DkimRotationGrace, now) is { } purpose)
            {
                records.Add(new PublishedRecord(purpose.Kind, "TXT", DkimRecord.Name(key.Selector, domain.Name),
                    DkimRecord.Value(key.PublicKey), purpose.Text));
            }
        }
        records.Add(new PublishedRecord(RecordKinds.Dmarc, "TXT", "_dmarc." + domain.Name, DmarcValue(options),
            "DMARC (RFC 7489): p=none watches without changing delivery; move to quarantine or reject once " +
            "the domain sends only through authenticated paths."));
        records.Add(new PublishedRecord(RecordKinds.ReturnPath, "CNAME", ReturnPathHost(domain.Name, options),
            options.Smtp.Hostname.TrimEnd('.').ToLowerInvariant(),
            "Return path: bounces come back to this installation through its MX and SPF."));
        return records;
    }

    /// <summary>The SPF value: the sending addresses and includes, or the addresses of Smtp:Hostname.</summary>
    public static string SpfValue(ColdMailOptions options)
    {
        var terms = new List<string> { "v=spf1" };
        foreach (var address in options.Domains.SendingAddresses)
        {
            var parsed = System.Net.IPAddress.Parse(address);
            var ip6 = parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            terms.Add((ip6 ? "ip6:" : "ip4:") + parsed);
        }
        terms.AddRange(options.Domains.SpfIncludes.Select(host => "include:" + host.TrimEnd('.').ToLowerInvariant()));
        if (terms.Count == 1)
        {
            terms.Add("a:" + options.Smtp.Hostname.TrimEnd('.').ToLowerInvariant());
        }
        // Soft fail for everyone else: a safe start while the owner learns what else sends for the domain.
        terms.Add("~all");
        return string.Join(' ', terms);
    }

    public static string DmarcValue(ColdMailOptions options)
    {
        // Relaxed alignment (RFC 7489 section 3.1) lets the return path sit on a sub-domain.
        var value = "v=DMARC1; p=none; adkim=r; aspf=r";
        return options.Domains.DmarcReportAddress is { } report ? $"{value}; rua=mailto:{report}" : value;
    }

    public static string ReturnPathHost(string domain, ColdMailOptions options) =>
        $"{options.Domains.ReturnPathLabel.ToLowerInvariant()}.{domain}";

    private static (string Kind, string Text)? DkimPurpose(
        DkimKey key,
        bool hasActive,
        TimeSpan grace,
        DateTimeOffset now) => key.State switch
        {
            DkimKeyState.Active => (RecordKinds.Dkim, "DKIM (RFC 6376): the public key that signs this domain's mail."),
            DkimKeyState.Pending when !hasActive => (RecordKinds.Dkim,
                "DKIM (RFC 6376): the public key that will sign this domain's mail once it verifies."),
            DkimKeyState.Pending => (RecordKinds.DkimNext,
                "DKIM rotation: the next key; it starts signing once this record is found in DNS."),
            DkimKeyState.Retired when key.RetiredAt + grace > now => (RecordKinds.DkimRetired,
                $"DKIM, previous key: keep it published until {(key.RetiredAt + grace)!.Value:yyyy-MM-dd HH:mm} UTC " +
                "so that mail it signed still verifies."),
            _ => null,
        };
}
