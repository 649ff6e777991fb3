namespace ColdMail.Domains;

/// <summary>One DNS record a domain's owner publishes: where, what, and why.</summary>
/// <param name="Kind">spf, dkim, dkim-next, dkim-retired, dmarc or return-path.</param>
/// <param name="Type">TXT or CNAME.</param>
/// <param name="Name">The owner name, fully qualified, without the trailing dot.</param>
/// <param name="Value">The whole value, unquoted; a TXT value longer than 255 octets is split when published.</param>
/// <param name="Purpose">A sentence for the person at the DNS console.</param>
public sealed record PublishedRecord(string Kind, string Type, string Name, string Value, string Purpose);
