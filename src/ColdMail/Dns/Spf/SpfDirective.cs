using System.Net;

namespace ColdMail.Dns.Spf;

/// <summary>One parsed mechanism with its qualifier (RFC 7208 section 4.6.2).</summary>
/// <param name="Qualifier">'+', '-', '~' or '?'.</param>
/// <param name="Mechanism">all, include, a, mx, ptr, ip4, ip6 or exists, lower case.</param>
/// <param name="DomainSpec">The target domain, possibly with macros; null means the current domain.</param>
/// <param name="Network">The address of ip4 and ip6.</param>
/// <param name="Cidr4">The IPv4 prefix length for ip4, a and mx.</param>
/// <param name="Cidr6">The IPv6 prefix length for ip6, a and mx.</param>
/// <param name="Text">The term as written, for explanations.</param>
public sealed record SpfDirective(
    char Qualifier,
    string Mechanism,
    string? DomainSpec,
    IPAddress? Network,
    int Cidr4,
    int Cidr6,
    string Text)
{
    public SpfResult Result => Qualifier switch
    {
        '-' => SpfResult.Fail,
        '~' => SpfResult.SoftFail,
        '?' => SpfResult.Neutral,
        _ => SpfResult.Pass,
    };
}
