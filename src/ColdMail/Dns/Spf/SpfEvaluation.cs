using System.Net;

namespace ColdMail.Dns.Spf;

/// <summary>The state of one check_host() run, shared by every include and redirect it follows.</summary>
internal sealed class SpfEvaluation(IPAddress address, string sender, string helo, DateTimeOffset now)
{
    /// <summary>RFC 7208 section 4.6.4: at most ten terms that cause DNS queries.</summary>
    public const int MaxLookups = 10;

    /// <summary>RFC 7208 section 4.6.4: at most two lookups that come back empty or NXDOMAIN.</summary>
    public const int MaxVoidLookups = 2;

    /// <summary>RFC 7208 section 4.6.4: at most ten MX names or PTR names followed per mechanism.</summary>
    public const int MaxNamesPerMechanism = 10;

    public IPAddress Address { get; } = SpfNetwork.Normalise(address);

    public int Lookups { get; private set; }

    public int VoidLookups { get; private set; }

    public string? TopRecord { get; set; }

    /// <summary>Counts a DNS-querying term; false once the limit is passed.</summary>
    public bool CountLookup() => ++Lookups <= MaxLookups;

    /// <summary>Counts an empty answer; false once the limit is passed.</summary>
    public bool CountVoid() => ++VoidLookups <= MaxVoidLookups;

    public SpfMacroContext Macros(string domain)
    {
        // RFC 7208 section 4.3: a sender without a local part is postmaster at that domain.
        var at = sender.LastIndexOf('@');
        var local = at > 0 ? sender[..at] : "postmaster";
        var senderDomain = at >= 0 ? sender[(at + 1)..] : sender;
        return new SpfMacroContext(local + "@" + senderDomain, local, senderDomain, domain, Address, helo, now);
    }
}
