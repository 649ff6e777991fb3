namespace ColdMail.Dns.Spf;

/// <summary>
/// The result of one SPF check, with a sentence saying why, and the SPF record found at the checked domain.
/// </summary>
public sealed record SpfOutcome(SpfResult Result, string Reason, string? Record = null);
