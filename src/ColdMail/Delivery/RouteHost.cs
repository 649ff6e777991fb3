using System.Net;
namespace ColdMail.Delivery;

/// <summary>A host to try, how to protect the session with it, and the credentials it wants, if any.</summary>
public sealed record RouteHost(
    string Name,
    int Port,
    RelaySecurity Security,
    NetworkCredential? Credentials = null)
{
    /// <summary>
    /// Opportunistic TLS (RFC 7435, RFC 3207): encrypt when offered, take any certificate. Without DANE
    /// or MTA-STS nothing says which certificate is right, and refusing one only sends the mail in clear.
    /// </summary>
    // Limitation: neither MTA-STS (RFC 8461) nor DANE (RFC 7672) is checked, so a domain that asks for
    // verified TLS still gets opportunistic TLS.
    public bool Opportunistic => Security == RelaySecurity.StartTlsWhenAvailable;

    public string PoolKey => $"{Name}:{Port}";
}
