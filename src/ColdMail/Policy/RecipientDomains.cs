namespace ColdMail.Policy;

/// <summary>
/// Check 8, beyond the engine's syntax check: a recipient domain must be a public name that MX
/// lookup can answer. Submission is not a way to reach address literals or names that only mean
/// something locally.
/// </summary>
internal static class RecipientDomains
{
    public static bool IsDeliverable(string asciiDomain)
    {
        var domain = asciiDomain.TrimEnd('.');
        if (domain.StartsWith('[') || !domain.Contains('.'))
        {
            // RFC 5321 §4.1.3 address literals skip the MX lookup; a single label is no public name
            // (§2.3.5).
            return false;
        }
        // RFC 6761 §6.3 and §6.4: localhost and invalid never resolve to a mail host; RFC 6762 §3:
        // .local is link-local multicast DNS.
        return !(HasSuffix(domain, "localhost") || HasSuffix(domain, "invalid")
            || HasSuffix(domain, "local"));
    }

    private static bool HasSuffix(string domain, string label)
        => domain == label || domain.EndsWith("." + label, StringComparison.Ordinal);
}
