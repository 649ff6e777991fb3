using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace ColdMail.Dns.Spf;

/// <summary>
/// check_host() of RFC 7208: whether an address may send mail for a domain, evaluated over DNS with the
/// limits of section 4.6.4 (ten DNS-querying terms, two void lookups, ten names per mx or ptr).
/// </summary>
public sealed class SpfEvaluator(DnsLookup dns, TimeProvider time)
{
    /// <summary>Section 4.6.4 suggests at least 20 seconds for a whole check.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(20);

    public async Task<SpfOutcome> CheckHostAsync(
        IPAddress address,
        string domain,
        string sender,
        string helo,
        CancellationToken cancellationToken)
    {
        var run = new SpfEvaluation(address, sender, helo, time.GetUtcNow());
        using var deadline = new CancellationTokenSource(MaxDuration, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var outcome = await CheckAsync(run, DnsLookup.Trim(domain), linked.Token);
            return outcome with { Record = run.TopRecord };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SpfOutcome(SpfResult.TempError, $"the check took longer than {MaxDuration.TotalSeconds} s",
                run.TopRecord);
        }
    }

    private async Task<SpfOutcome> CheckAsync(SpfEvaluation run, string domain, CancellationToken cancellationToken)
    {
        // Section 4.3: a malformed or single-label domain has no SPF policy.
        if (!IsValidDomain(domain))
        {
            return new SpfOutcome(SpfResult.None, $"'{domain}' is not a domain SPF can be checked for");
        }

        var answer = await dns.QueryAsync(domain, QueryType.TXT, cancellationToken);
        if (answer.Status == DnsAnswerStatus.Error)
        {
            return new SpfOutcome(SpfResult.TempError, answer.Describe(domain, "TXT"));
        }
        // Section 4.5: keep only records that start with v=spf1; more than one is an error.
        var records = answer.Texts.Where(SpfRecord.IsSpf).ToList();
        if (records.Count == 0)
        {
            return new SpfOutcome(SpfResult.None, $"{domain} has no SPF record");
        }
        run.TopRecord ??= string.Join(" | ", records);
        if (records.Count > 1)
        {
            return new SpfOutcome(SpfResult.PermError, $"{domain} has {records.Count} SPF records; one is allowed");
        }
        SpfRecord record;
        try
        {
            record = SpfRecord.Parse(records[0]);
        }
        catch (FormatException e)
        {
            return new SpfOutcome(SpfResult.PermError, $"the SPF record of {domain} is malformed: {e.Message}");
        }

        return await EvaluateAsync(run, domain, record, cancellationToken);
    }

    private async Task<SpfOutcome> EvaluateAsync(
        SpfEvaluation run,
        string domain,
        SpfRecord record,
        CancellationToken cancellationToken)
    {
        foreach (var directive in record.Directives)
        {
            var (matched, error) = await MatchAsync(run, domain, directive, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            if (matched)
            {
                return new SpfOutcome(directive.Result, $"{run.Address} matched '{directive.Text}' at {domain}");
            }
        }
        if (record.Redirect is null)
        {
            // Section 4.7: nothing matched and no redirect.
            return new SpfOutcome(SpfResult.Neutral, $"{run.Address} matched no mechanism at {domain}");
        }

        // Section 6.1: redirect counts as a lookup; a target without a record is a permanent error.
        if (!run.CountLookup())
        {
            return TooManyLookups(domain);
        }
        if (Target(run, domain, record.Redirect) is not { } target)
        {
            return Malformed(domain, "redirect=" + record.Redirect);
        }
        var outcome = await CheckAsync(run, target, cancellationToken);
        return outcome.Result == SpfResult.None
            ? new SpfOutcome(SpfResult.PermError, $"redirect={target} from {domain} leads to no SPF record")
            : outcome;
    }

    private async Task<(bool Matched, SpfOutcome? Error)> MatchAsync(
        SpfEvaluation run,
        string domain,
        SpfDirective directive,
        CancellationToken cancellationToken)
    {
        switch (directive.Mechanism)
        {
            case "all":
                return (true, null);
            case "ip4":
            case "ip6":
                var prefix = directive.Mechanism == "ip4" ? directive.Cidr4 : directive.Cidr6;
                return (SpfNetwork.Contains(directive.Network!, prefix, run.Address), null);
        }

        // Section 4.6.4: include, a, mx, ptr and exists each count towards the ten lookups.
        if (!run.CountLookup())
        {
            return (false, TooManyLookups(domain));
        }
        if (Target(run, domain, directive.DomainSpec ?? "%{d}") is not { } target)
        {
            return (false, Malformed(domain, directive.Text));
        }
        return directive.Mechanism switch
        {
            "include" => await IncludeAsync(run, domain, directive, target, cancellationToken),
            "a" => await AddressesAsync(run, directive, target, cancellationToken),
            "mx" => await MxAsync(run, directive, target, cancellationToken),
            "ptr" => (await PtrAsync(run, target, cancellationToken), null),
            _ => await ExistsAsync(run, target, cancellationToken),
        };
    }

    private async Task<(bool, SpfOutcome?)> IncludeAsync(
        SpfEvaluation run,
        string domain,
        SpfDirective directive,
        string target,
        CancellationToken cancellationToken)
    {
        // Section 5.2: pass matches; fail, softfail and neutral do not; errors and "none" propagate.
        var outcome = await CheckAsync(run, target, cancellationToken);
        return outcome.Result switch
        {
            SpfResult.Pass => (true, null),
            SpfResult.Fail or SpfResult.SoftFail or SpfResult.Neutral => (false, null),
            SpfResult.TempError or SpfResult.PermError => (false, outcome),
            _ => (false, new SpfOutcome(SpfResult.PermError,
                $"'{directive.Text}' at {domain} includes {target}, which has no SPF record")),
        };
    }

    private async Task<(bool, SpfOutcome?)> AddressesAsync(
        SpfEvaluation run,
        SpfDirective directive,
        string target,
        CancellationToken cancellationToken)
    {
        // Section 5.3: A records for an IPv4 client, AAAA records for an IPv6 client.
        var v4 = run.Address.AddressFamily == AddressFamily.InterNetwork;
        var answer = await dns.QueryAsync(target, v4 ? QueryType.A : QueryType.AAAA, cancellationToken);
        if (answer.Status == DnsAnswerStatus.Error)
        {
            return (false, new SpfOutcome(SpfResult.TempError, answer.Describe(target, v4 ? "A" : "AAAA")));
        }
        if (answer.IsVoid)
        {
            return (false, run.CountVoid() ? null : TooManyVoids(target));
        }
        return (answer.Addresses.Any(a => Matches(run, directive, a)), null);
    }

    private async Task<(bool, SpfOutcome?)> MxAsync(
        SpfEvaluation run,
        SpfDirective directive,
        string target,
        CancellationToken cancellationToken)
    {
        var answer = await dns.QueryAsync(target, QueryType.MX, cancellationToken);
        if (answer.Status == DnsAnswerStatus.Error)
        {
            return (false, new SpfOutcome(SpfResult.TempError, answer.Describe(target, "MX")));
        }
        if (answer.IsVoid)
        {
            return (false, run.CountVoid() ? null : TooManyVoids(target));
        }
        // RFC 7505: a null MX ("." ) names no host.
        var exchanges = answer.Exchanges.Where(e => e.Length > 0).ToList();
        if (exchanges.Count > SpfEvaluation.MaxNamesPerMechanism)
        {
            return (false, new SpfOutcome(SpfResult.PermError,
                $"{target} has {exchanges.Count} MX records; 'mx' follows at most ten"));
        }
        var v4 = run.Address.AddressFamily == AddressFamily.InterNetwork;
        foreach (var exchange in exchanges)
        {
            var addresses = await dns.QueryAsync(exchange, v4 ? QueryType.A : QueryType.AAAA, cancellationToken);
            if (addresses.Status == DnsAnswerStatus.Error)
            {
                return (false, new SpfOutcome(SpfResult.TempError, addresses.Describe(exchange, v4 ? "A" : "AAAA")));
            }
            if (addresses.Addresses.Any(a => Matches(run, directive, a)))
            {
                return (true, null);
            }
        }
        return (false, null);
    }

    private async Task<bool> PtrAsync(SpfEvaluation run, string target, CancellationToken cancellationToken)
    {
        // Section 5.5: a name is validated when one of its addresses is the client's; errors just do not match.
        var names = await dns.QueryAsync(SpfNetwork.ReverseName(run.Address), QueryType.PTR, cancellationToken);
        var v4 = run.Address.AddressFamily == AddressFamily.InterNetwork;
        foreach (var name in names.PointerNames.Take(SpfEvaluation.MaxNamesPerMechanism))
        {
            if (name != target && !name.EndsWith("." + target, StringComparison.Ordinal))
            {
                continue;
            }
            var addresses = await dns.QueryAsync(name, v4 ? QueryType.A : QueryType.AAAA, cancellationToken);
            if (addresses.Addresses.Any(a => a.Equals(run.Address)))
            {
                return true;
            }
        }
        return false;
    }

    private async Task<(bool, SpfOutcome?)> ExistsAsync(
        SpfEvaluation run,
        string target,
        CancellationToken cancellationToken)
    {
        // Section 5.7: always an A query, whatever the client's address family.
        var answer = await dns.QueryAsync(target, QueryType.A, cancellationToken);
        if (answer.Status == DnsAnswerStatus.Error)
        {
            return (false, new SpfOutcome(SpfResult.TempError, answer.Describe(target, "A")));
        }
        if (answer.IsVoid)
        {
            return (false, run.CountVoid() ? null : TooManyVoids(target));
        }
        return (true, null);
    }

    private static bool Matches(SpfEvaluation run, SpfDirective directive, IPAddress candidate)
    {
        var prefix = candidate.AddressFamily == AddressFamily.InterNetwork ? directive.Cidr4 : directive.Cidr6;
        return SpfNetwork.Contains(candidate, prefix, run.Address);
    }

    /// <summary>Expands a domain-spec; null when the result is not a name DNS can be asked about.</summary>
    private static string? Target(SpfEvaluation run, string domain, string spec)
    {
        string expanded;
        try
        {
            expanded = SpfMacro.Expand(spec, run.Macros(domain)).TrimEnd('.').ToLowerInvariant();
        }
        catch (FormatException)
        {
            return null;
        }
        // Section 4.8: a name longer than 253 octets loses labels from the left until it fits.
        while (expanded.Length > 253 && expanded.Contains('.'))
        {
            expanded = expanded[(expanded.IndexOf('.') + 1)..];
        }
        return IsValidDomain(expanded) ? expanded : null;
    }

    private static bool IsValidDomain(string domain)
    {
        if (domain.Length is 0 or > 253)
        {
            return false;
        }
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63 && l.All(c => c > ' ' && c < 127));
    }

    private static SpfOutcome TooManyLookups(string domain) => new(SpfResult.PermError,
        $"evaluating {domain} needs more than {SpfEvaluation.MaxLookups} DNS lookups");

    private static SpfOutcome TooManyVoids(string target) => new(SpfResult.PermError,
        $"more than {SpfEvaluation.MaxVoidLookups} lookups found nothing (the last at {target})");

    private static SpfOutcome Malformed(string domain, string term) => new(SpfResult.PermError,
        $"'{term}' at {domain} does not expand to a valid domain name");
}
