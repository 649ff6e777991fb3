using System.Net;
using ColdMail.Configuration;
using ColdMail.Dkim;
using ColdMail.Dns;
using ColdMail.Dns.Spf;
using ColdMail.Storage.Entities;
using DnsClient;
using Microsoft.Extensions.Options;

namespace ColdMail.Domains;

/// <summary>
/// Looks up a domain's records in DNS and judges each one: SPF by evaluating it for every sending address,
/// DKIM by comparing the published key with ours, DMARC by finding a valid policy, the return path by its target.
/// </summary>
public sealed class DomainRecordChecker(DnsLookup dns, SpfEvaluator spf, IOptions<ColdMailOptions> options)
{
    private ColdMailOptions Options => options.Value;

    private string Hostname => DnsLookup.Trim(Options.Smtp.Hostname);

    public async Task<RecordCheck> CheckSpfAsync(string domain, CancellationToken cancellationToken)
    {
        var (addresses, problem) = await SendingAddressesAsync(cancellationToken);
        if (problem is not null)
        {
            return new RecordCheck(RecordKinds.Spf, CheckStatuses.DnsError, problem);
        }

        var failures = new List<string>();
        string? record = null;
        var anyTemporary = false;
        var noRecord = true;
        foreach (var address in addresses)
        {
            // RFC 7208 section 2.4: the envelope sender; an empty local part stands for postmaster.
            var outcome = await spf.CheckHostAsync(address, domain, "postmaster@" + domain, Hostname,
                cancellationToken);
            record ??= outcome.Record;
            noRecord &= outcome.Result == SpfResult.None;
            anyTemporary |= outcome.Result == SpfResult.TempError;
            if (outcome.Result != SpfResult.Pass)
            {
                failures.Add($"{address} gets {outcome.Result.ToString().ToLowerInvariant()}: {outcome.Reason}");
            }
        }
        if (failures.Count == 0)
        {
            return new RecordCheck(RecordKinds.Spf, CheckStatuses.Ok, record);
        }
        if (anyTemporary)
        {
            return new RecordCheck(RecordKinds.Spf, CheckStatuses.DnsError, string.Join("; ", failures));
        }
        if (noRecord)
        {
            return new RecordCheck(RecordKinds.Spf, CheckStatuses.Missing, $"{domain} has no SPF record");
        }
        return new RecordCheck(RecordKinds.Spf, CheckStatuses.Wrong,
            string.Join("; ", failures) + (record is null ? string.Empty : $" (found \"{record}\")"));
    }

    public async Task<RecordCheck> CheckDkimAsync(
        string kind,
        string domain,
        DkimKey key,
        CancellationToken cancellationToken)
    {
        var name = DkimRecord.Name(key.Selector, domain);
        var answer = await dns.QueryAsync(name, QueryType.TXT, cancellationToken);
        if (answer.Status != DnsAnswerStatus.Found)
        {
            return Absent(kind, answer, name, "TXT");
        }
        var texts = answer.Texts;
        if (texts.Count > 1)
        {
            // RFC 6376 section 3.6.2.2: several key records at one selector leave the verifier guessing.
            return new RecordCheck(kind, CheckStatuses.Wrong, $"{name} has {texts.Count} TXT records; publish one");
        }
        var problem = DkimRecord.Compare(texts[0], key.PublicKey);
        return problem is null
            ? new RecordCheck(kind, CheckStatuses.Ok, texts[0])
            : new RecordCheck(kind, CheckStatuses.Wrong, $"{problem} (found \"{texts[0]}\")");
    }

    public async Task<RecordCheck> CheckDmarcAsync(string domain, CancellationToken cancellationToken)
    {
        // RFC 7489 section 6.6.3: the From domain's record, else the organisational domain's.
        var name = "_dmarc." + domain;
        var answer = await dns.QueryAsync(name, QueryType.TXT, cancellationToken);
        if (answer.Status == DnsAnswerStatus.Error)
        {
            return Absent(RecordKinds.Dmarc, answer, name, "TXT");
        }
        var records = answer.Texts.Where(IsDmarc).ToList();
        var organisational = PublicSuffixes.OrganisationalDomain(domain);
        if (records.Count == 0 && organisational != domain)
        {
            name = "_dmarc." + organisational;
            answer = await dns.QueryAsync(name, QueryType.TXT, cancellationToken);
            if (answer.Status == DnsAnswerStatus.Error)
            {
                return Absent(RecordKinds.Dmarc, answer, name, "TXT");
            }
            records = [.. answer.Texts.Where(IsDmarc)];
        }
        if (records.Count == 0)
        {
            return new RecordCheck(RecordKinds.Dmarc, CheckStatuses.Missing, $"no DMARC record at _dmarc.{domain}");
        }
        if (records.Count > 1)
        {
            // RFC 7489 section 6.6.3: with several records receivers apply no DMARC at all.
            return new RecordCheck(RecordKinds.Dmarc, CheckStatuses.Wrong,
                $"{name} has {records.Count} DMARC records; receivers ignore them all");
        }
        var policy = TagList.Get(TagList.Parse(records[0])!, "p");
        if (policy is null || !IsPolicy(policy))
        {
            return new RecordCheck(RecordKinds.Dmarc, CheckStatuses.Wrong,
                $"p= must be none, quarantine or reject (found \"{records[0]}\" at {name})");
        }
        // Our signature's d= is the From domain itself, so DKIM aligns under adkim=r and adkim=s alike.
        var where = name == "_dmarc." + domain ? string.Empty : $" (inherited from {name})";
        return new RecordCheck(RecordKinds.Dmarc, CheckStatuses.Ok, records[0] + where);
    }

    public async Task<RecordCheck> CheckReturnPathAsync(string domain, CancellationToken cancellationToken)
    {
        var host = DomainRecords.ReturnPathHost(domain, Options);
        var alias = await dns.QueryAsync(host, QueryType.CNAME, cancellationToken);
        if (alias.Status == DnsAnswerStatus.Found)
        {
            var target = alias.CanonicalNames[0];
            return target == Hostname
                ? new RecordCheck(RecordKinds.ReturnPath, CheckStatuses.Ok, $"CNAME {target}")
                : new RecordCheck(RecordKinds.ReturnPath, CheckStatuses.Wrong,
                    $"{host} is a CNAME to {target}, not {Hostname}");
        }
        if (alias.Status == DnsAnswerStatus.Error)
        {
            return Absent(RecordKinds.ReturnPath, alias, host, "CNAME");
        }
        // An MX to this installation serves bounces as well as the CNAME does.
        var exchanges = await dns.QueryAsync(host, QueryType.MX, cancellationToken);
        if (exchanges.Status != DnsAnswerStatus.Found)
        {
            return Absent(RecordKinds.ReturnPath, exchanges, host, "CNAME or MX");
        }
        return exchanges.Exchanges.Contains(Hostname)
            ? new RecordCheck(RecordKinds.ReturnPath, CheckStatuses.Ok, "MX " + Hostname)
            : new RecordCheck(RecordKinds.ReturnPath, CheckStatuses.Wrong,
                $"{host} has MX {string.Join(", ", exchanges.Exchanges)}, not {Hostname}");
    }

    /// <summary>The configured sending addresses, or else the addresses Smtp:Hostname resolves to.</summary>
    private async Task<(IReadOnlyList<IPAddress> Addresses, string? Problem)> SendingAddressesAsync(
        CancellationToken cancellationToken)
    {
        if (Options.Domains.SendingAddresses.Count > 0)
        {
            return ([.. Options.Domains.SendingAddresses.Select(IPAddress.Parse)], null);
        }
        var v4 = await dns.QueryAsync(Hostname, QueryType.A, cancellationToken);
        var v6 = await dns.QueryAsync(Hostname, QueryType.AAAA, cancellationToken);
        if (v4.Status == DnsAnswerStatus.Error || v6.Status == DnsAnswerStatus.Error)
        {
            var failed = v4.Status == DnsAnswerStatus.Error ? v4 : v6;
            return ([], $"the sending addresses are unknown: {failed.Describe(Hostname, "A/AAAA")}");
        }
        IReadOnlyList<IPAddress> addresses = [.. v4.Addresses, .. v6.Addresses];
        return addresses.Count > 0
            ? (addresses, null)
            : ([], $"the sending addresses are unknown: ColdMail:Smtp:Hostname ({Hostname}) has no A or AAAA " +
                "record; publish one or set ColdMail:Domains:SendingAddresses");
    }

    private static RecordCheck Absent(string kind, DnsAnswer answer, string name, string type) =>
        answer.Status == DnsAnswerStatus.Error
            ? new RecordCheck(kind, CheckStatuses.DnsError, answer.Describe(name, type))
            : new RecordCheck(kind, CheckStatuses.Missing, answer.Describe(name, type));

    // RFC 7489 section 6.6.3: records that do not start with v=DMARC1 are discarded.
    private static bool IsDmarc(string text) =>
        TagList.Parse(text) is [{ Key: "v", Value: "DMARC1" }, ..];

    private static bool IsPolicy(string value) =>
        value.Equals("none", StringComparison.OrdinalIgnoreCase)
        || value.Equals("quarantine", StringComparison.OrdinalIgnoreCase)
        || value.Equals("reject", StringComparison.OrdinalIgnoreCase);
}
