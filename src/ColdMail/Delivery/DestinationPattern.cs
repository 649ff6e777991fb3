namespace ColdMail.Delivery;

/// <summary>
/// A key of <c>Delivery:Concurrency</c>: a domain (<c>gmail.com</c>) or all subdomains of one
/// (<c>*.example.com</c>, which does not match <c>example.com</c> itself).
/// </summary>
public static class DestinationPattern
{
    public static bool IsValid(string pattern)
    {
        var domain = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return domain.Length > 0 && Uri.CheckHostName(domain) == UriHostNameType.Dns;
    }

    public static bool Matches(string pattern, string domain)
    {
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return domain.Length > pattern.Length - 1
                && domain.EndsWith(pattern.AsSpan(1), StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(pattern, domain, StringComparison.OrdinalIgnoreCase);
    }
}
