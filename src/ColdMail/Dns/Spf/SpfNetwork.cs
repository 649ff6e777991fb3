using System.Net;

namespace ColdMail.Dns.Spf;

/// <summary>Prefix matching for ip4, ip6, a and mx (RFC 7208 section 5.6).</summary>
public static class SpfNetwork
{
    /// <summary>True when both addresses share a family and their first <paramref name="prefix"/> bits.</summary>
    public static bool Contains(IPAddress network, int prefix, IPAddress address)
    {
        if (network.AddressFamily != address.AddressFamily)
        {
            return false;
        }
        var a = network.GetAddressBytes();
        var b = address.GetAddressBytes();
        var whole = prefix / 8;
        for (var i = 0; i < whole; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }
        var bits = prefix % 8;
        if (bits == 0)
        {
            return true;
        }
        var mask = (byte)(0xFF << (8 - bits));
        return (a[whole] & mask) == (b[whole] & mask);
    }

    /// <summary>An IPv4-mapped IPv6 address is checked as the IPv4 address it carries (section 5).</summary>
    public static IPAddress Normalise(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The name a PTR query asks for: in-addr.arpa or ip6.arpa (RFC 1035 section 3.5, RFC 3596).</summary>
    public static string ReverseName(IPAddress address)
    {
        var dotted = SpfMacro.DottedAddress(address).Split('.');
        Array.Reverse(dotted);
        var v4 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        var suffix = v4 ? "in-addr.arpa" : "ip6.arpa";
        return string.Join('.', dotted) + "." + suffix;
    }
}
