using System.Net;

namespace ColdMail.Dns.Spf;

/// <summary>The values macros expand to during one check (RFC 7208 section 7.3).</summary>
public sealed record SpfMacroContext(
    string Sender,
    string LocalPart,
    string SenderDomain,
    string Domain,
    IPAddress Address,
    string Helo,
    DateTimeOffset Now);
