using System.Net;

namespace ColdMail.Delivery;

/// <summary>The addresses of one host, or why there are none.</summary>
public sealed record AddressLookup(IReadOnlyList<IPAddress> Addresses, string? Failure, bool Temporary)
{
    public static AddressLookup Found(IReadOnlyList<IPAddress> addresses) => new(addresses, null, false);
}
